import type { FeatureRoutes } from '@/router-meta'

/** The officers' and hosts' own pages (their account linked to a pool member); designed for a phone first. */
const roles: ['officer', 'host'] = ['officer', 'host']

export const meRoutes: FeatureRoutes = [
  { path: 'me/hearings', name: 'me-hearings', component: () => import('./MyHearingsView.vue'), meta: { title: '我的听证', roles, menu: { order: 5, icon: 'Calendar' } } },
  { path: 'me/hearings/:id(\\d+)', name: 'me-hearing', component: () => import('./MyHearingView.vue'), props: true, meta: { title: '听证详情', roles, parent: 'me-hearings' } },
  { path: 'me/calendar', name: 'me-calendar', component: () => import('./MyCalendarView.vue'), meta: { title: '日历订阅', roles, menu: { order: 6, icon: 'Tickets' } } },
  { path: 'me/remuneration', name: 'me-remuneration', component: () => import('./MyRemunerationView.vue'), meta: { title: '我的报酬与考核', roles, menu: { order: 7, icon: 'Star' } } },
  { path: 'me/assessments', name: 'me-assessments', component: () => import('./MyAssessmentsView.vue'), meta: { title: '我的考核', roles, parent: 'me-remuneration' } }
]
