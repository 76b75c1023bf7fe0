import type { FeatureRoutes } from '@/router-meta'

/** The service's roles for the matter routes: poolReaders read (GET /matters…), managers write (POST/PATCH). */
const READERS = ['admin', 'coordinator', 'host', 'auditor'] as const
const MANAGERS = ['admin', 'coordinator'] as const

export const mattersRoutes: FeatureRoutes = [
  { path: 'matters', name: 'matters', component: () => import('./MatterListView.vue'), meta: { title: '信访事项', roles: [...READERS], menu: { order: 20, icon: 'Tickets' } } },
  { path: 'matters/new', name: 'matter-new', component: () => import('./MatterFormView.vue'), meta: { title: '登记信访事项', roles: [...MANAGERS], parent: 'matters' } },
  { path: 'matters/:id(\\d+)', name: 'matter', component: () => import('./MatterView.vue'), meta: { title: '信访事项详情', roles: [...READERS], parent: 'matters' } }
]
