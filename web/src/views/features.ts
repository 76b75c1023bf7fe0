import type { RouteRecordRaw } from 'vue-router'
import { homeRoutes } from './home/routes'

/** Every feature's routes, shown inside the shell (top bar, side menu, breadcrumbs). */
export const featureRoutes: RouteRecordRaw[] = [
  ...homeRoutes
]
