import type { FeatureRoutes } from '@/router-meta'
import type { Role } from '@/composables/session'

/** Who may read the pool (server/common/access.ts ROLES.poolReaders) and who may change it (ROLES.managers). */
const POOL_READERS: Role[] = ['admin', 'coordinator', 'host', 'auditor']
export const POOL_MANAGERS: Role[] = ['admin', 'coordinator']

export const poolRoutes: FeatureRoutes = [
  { path: 'pool', name: 'pool', component: () => import('./PoolListView.vue'), meta: { title: '听证员库', roles: POOL_READERS, menu: { order: 10, icon: 'UserFilled' } } },
  { path: 'pool/members/new', name: 'pool-member-new', component: () => import('./MemberFormView.vue'), meta: { title: '登记人员', roles: POOL_MANAGERS, parent: 'pool' } },
  { path: 'pool/members/:id(\\d+)', name: 'pool-member', component: () => import('./MemberView.vue'), meta: { title: '人员详情', roles: POOL_READERS, parent: 'pool' } },
  { path: 'pool/members/:id(\\d+)/edit', name: 'pool-member-edit', component: () => import('./MemberFormView.vue'), meta: { title: '修改人员信息', roles: POOL_MANAGERS, parent: 'pool' } }
]
