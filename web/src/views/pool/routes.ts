import type { FeatureRoutes } from '@/router-meta'

export const poolRoutes: FeatureRoutes = []
