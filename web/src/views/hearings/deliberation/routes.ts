import type { FeatureRoutes } from '@/router-meta'
import { HEARING_STAFF } from '../routes'

/** The deliberation record (评议) of a hearing: hearing staff write it; auditors may read it (the API lets them). */
export const hearingDeliberationRoutes: FeatureRoutes = [
  { path: 'hearings/:id(\\d+)/deliberation', name: 'hearing-deliberation', component: () => import('./DeliberationView.vue'), meta: { title: '评议', roles: [...HEARING_STAFF, 'auditor'], parent: 'hearing' } }
]
