import type { RouteRecordRaw } from 'vue-router'
import { homeRoutes } from './home/routes'
import { poolRoutes } from './pool/routes'
import { mattersRoutes } from './matters/routes'
import { settingsRoutes } from './settings/routes'

/** Every feature's routes, shown inside the shell (top bar, side menu, breadcrumbs). */
export const featureRoutes: RouteRecordRaw[] = [
  ...homeRoutes,
  ...poolRoutes,
  ...mattersRoutes,
  ...settingsRoutes
]
