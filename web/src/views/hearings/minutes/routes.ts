import type { FeatureRoutes } from '@/router-meta'
import { HEARING_STAFF } from '../routes'

/** 听证笔录: the hearing staff record it; auditors read it (the service lets every role read the minutes). */
export const hearingMinutesRoutes: FeatureRoutes = [
  { path: 'hearings/:id(\\d+)/minutes', name: 'hearing-minutes', component: () => import('./MinutesView.vue'), meta: { title: '听证笔录', roles: [...HEARING_STAFF, 'auditor'], parent: 'hearing' } }
]
