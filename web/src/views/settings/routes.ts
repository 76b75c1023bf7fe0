import type { FeatureRoutes } from '@/router-meta'
import type { Role } from '@/composables/session'

/** 系统设置: the city's administrator, and coordinators within their region (the API decides what each may change). */
const roles: Role[] = ['admin', 'coordinator']

export const settingsRoutes: FeatureRoutes = [
  { path: 'settings', name: 'settings', redirect: { name: 'settings-regions' }, meta: { title: '系统设置', menu: { order: 90, icon: 'Setting' }, roles } },
  { path: 'settings/regions', name: 'settings-regions', component: () => import('./RegionsView.vue'), meta: { title: '区划', parent: 'settings', roles } },
  { path: 'settings/users', name: 'settings-users', component: () => import('./UsersView.vue'), meta: { title: '用户', parent: 'settings', roles } },
  { path: 'settings/rulesets', name: 'settings-rulesets', component: () => import('./RulesetsView.vue'), meta: { title: '听证规则', parent: 'settings', roles } },
  { path: 'settings/holidays', name: 'settings-holidays', component: () => import('./HolidaysView.vue'), meta: { title: '节假日', parent: 'settings', roles } },
  { path: 'settings/documents', name: 'settings-documents', component: () => import('./DocumentSettingsView.vue'), meta: { title: '文书设置', parent: 'settings', roles } }
]
