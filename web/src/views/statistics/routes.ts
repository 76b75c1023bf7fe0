import type { FeatureRoutes } from '@/router-meta'
import type { Role } from '@/composables/session'

/** Who reads the statistics, bulletins, provincial export and ledger (server/common/access.ts ROLES.readers). */
const READERS: Role[] = ['admin', 'coordinator', 'auditor']
const group = '统计考核'

export const statisticsRoutes: FeatureRoutes = [
  { path: 'statistics', name: 'statistics', component: () => import('./StatisticsView.vue'), meta: { title: '听证率与得分', roles: READERS, menu: { group, order: 60, icon: 'DataAnalysis' } } },
  { path: 'statistics/bulletins', name: 'statistics-bulletins', component: () => import('./BulletinsView.vue'), meta: { title: '通报', roles: READERS, menu: { group, order: 61, icon: 'Document' } } },
  { path: 'statistics/provincial-export', name: 'statistics-export', component: () => import('./ExportView.vue'), meta: { title: '省级系统导出', roles: READERS, menu: { group, order: 62, icon: 'Upload' } } }
]
