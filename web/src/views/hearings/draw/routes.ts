import type { FeatureRoutes } from '@/router-meta'
import { HEARING_STAFF } from '../routes'

/** 随机抽取: the hearing staff draw; an auditor reads the record, checks it and recomputes it (GET …/draws is open to every role). */
export const hearingDrawRoutes: FeatureRoutes = [
  { path: 'hearings/:id(\\d+)/draw', name: 'hearing-draw', component: () => import('./DrawView.vue'), meta: { title: '随机抽取', roles: [...HEARING_STAFF, 'auditor'], parent: 'hearing' } }
]
