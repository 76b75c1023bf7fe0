import type { FeatureRoutes } from '@/router-meta'

export const settingsRoutes: FeatureRoutes = []
