import type { FeatureRoutes } from '@/router-meta'

export const homeRoutes: FeatureRoutes = [
  { path: '', name: 'home', component: () => import('./HomeView.vue'), meta: { title: '首页', menu: { order: 0, icon: 'HomeFilled' } } }
]
