import type { FeatureRoutes } from '@/router-meta'

/** The service's hearing staff (server/common/access.ts ROLES.hearingStaff): they schedule and change hearings. */
export const HEARING_STAFF = ['admin', 'coordinator', 'host'] as const

export const hearingsRoutes: FeatureRoutes = [
  { path: 'hearings', name: 'hearings', component: () => import('./HearingCalendarView.vue'), meta: { title: '听证安排', roles: [...HEARING_STAFF], menu: { order: 30, icon: 'Calendar' } } },
  { path: 'hearings/new', name: 'hearing-new', component: () => import('./HearingWizardView.vue'), meta: { title: '安排听证', roles: [...HEARING_STAFF], parent: 'hearings' } },
  { path: 'hearings/:id(\\d+)/reschedule', name: 'hearing-reschedule', component: () => import('./HearingWizardView.vue'), meta: { title: '修改听证安排', roles: [...HEARING_STAFF], parent: 'hearing' } },
  { path: 'hearings/:id(\\d+)', name: 'hearing', component: () => import('./HearingView.vue'), meta: { title: '听证详情', roles: [...HEARING_STAFF], parent: 'hearings' } }
]
