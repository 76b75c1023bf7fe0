import type { FeatureRoutes } from '@/router-meta'
import { ASSESSMENT_ROLES, READERS } from './pages'

/**
 * 统计考核: one menu entry for the bureau's readers, its sub-pages as tabs (StatisticsTabs.vue). Hosts and officers,
 * who only assess, reach 考核 from a menu entry of its own.
 */
export const statisticsRoutes: FeatureRoutes = [
  { path: 'statistics', name: 'statistics', component: () => import('./StatisticsView.vue'), meta: { title: '统计考核', roles: READERS, menu: { order: 60, icon: 'DataAnalysis' } } },
  { path: 'statistics/bulletins', name: 'statistics-bulletins', component: () => import('./BulletinsView.vue'), meta: { title: '通报', roles: READERS, parent: 'statistics' } },
  { path: 'statistics/provincial-export', name: 'statistics-export', component: () => import('./ExportView.vue'), meta: { title: '省级系统导出', roles: READERS, parent: 'statistics' } },
  { path: 'statistics/remuneration', name: 'statistics-remuneration', component: () => import('./RemunerationView.vue'), meta: { title: '报酬台账', roles: READERS, parent: 'statistics' } },
  { path: 'statistics/assessments', name: 'statistics-assessments', component: () => import('./AssessmentsView.vue'), meta: { title: '考核', roles: ASSESSMENT_ROLES, parent: 'statistics' } },
  { path: 'statistics/reminders', name: 'statistics-reminders', component: () => import('./RemindersView.vue'), meta: { title: '提醒设置', roles: ['admin'], parent: 'statistics' } },
  // hosts and officers have no 统计考核 entry: 听证考核 is theirs
  { path: 'assessments', name: 'assessments', component: () => import('./AssessmentsView.vue'), meta: { title: '听证考核', roles: ['host', 'officer'], menu: { order: 61, icon: 'Star' } } }
]
