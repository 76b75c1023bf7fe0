import type { FeatureRoutes } from '@/router-meta'

export const mattersRoutes: FeatureRoutes = []
