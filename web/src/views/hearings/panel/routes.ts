import type { FeatureRoutes } from '@/router-meta'
import { HEARING_STAFF } from '../routes'

/** 参加人员: hearing staff record answers, add third parties and decide recusals; auditors read it (the service lets them read hearings). */
export const hearingPanelRoutes: FeatureRoutes = [
  { path: 'hearings/:id(\\d+)/panel', name: 'hearing-panel', component: () => import('./PanelView.vue'), meta: { title: '参加人员', roles: [...HEARING_STAFF, 'auditor'], parent: 'hearing' } }
]
