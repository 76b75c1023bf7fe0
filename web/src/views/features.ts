import type { RouteRecordRaw } from 'vue-router'
import { homeRoutes } from './home/routes'
import { poolRoutes } from './pool/routes'
import { poolImportRoutes } from './pool/import/routes'
import { mattersRoutes } from './matters/routes'
import { settingsRoutes } from './settings/routes'
import { hearingsRoutes } from './hearings/routes'
import { hearingMinutesRoutes } from './hearings/minutes/routes'
import { hearingDrawRoutes } from './hearings/draw/routes'
import { hearingPanelRoutes } from './hearings/panel/routes'
import { hearingDeliberationRoutes } from './hearings/deliberation/routes'
import { hearingDocumentsRoutes } from './hearings/documents/routes'
import { statisticsRoutes } from './statistics/routes'
import { meRoutes } from './me/routes'

/** Every feature's routes, shown inside the shell (top bar, side menu, breadcrumbs). */
export const featureRoutes: RouteRecordRaw[] = [
  ...homeRoutes,
  ...poolRoutes,
  ...poolImportRoutes,
  ...mattersRoutes,
  ...hearingDeliberationRoutes,
  ...hearingDocumentsRoutes,
  ...hearingPanelRoutes,
  ...hearingDrawRoutes,
  ...hearingMinutesRoutes,
  ...hearingsRoutes,
  ...settingsRoutes,
  ...statisticsRoutes,
  ...meRoutes
]
