import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import './router-meta'
import { loadSession, mayOpen } from '@/composables/session'
import { featureRoutes } from '@/views/features'
import { pageCrumb } from '@/composables/page-title'

const shellChildren: RouteRecordRaw[] = [
  ...featureRoutes,
  { path: 'forbidden', name: 'forbidden', component: () => import('@/views/ForbiddenView.vue'), meta: { title: '无权访问' } },
  { path: ':rest(.*)*', name: 'not-found', component: () => import('@/views/NotFoundView.vue'), meta: { title: '页面不存在' } }
]

export const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: () => import('@/views/LoginView.vue'), meta: { title: '登录', public: true } },
  // the page a mail's invitation link opens: its token is the credential, so it is reached signed out too
  { path: '/invitation', name: 'invitation', component: () => import('@/views/invitation/InvitationView.vue'), meta: { title: '听证邀请', public: true } },
  { path: '/password', name: 'password', component: () => import('@/views/PasswordView.vue'), meta: { title: '修改密码' } },
  { path: '/', component: () => import('@/layout/AppShell.vue'), children: shellChildren }
]

export const router = createRouter({ history: createWebHistory(), routes, scrollBehavior: () => ({ top: 0 }) })

router.beforeEach(async (to) => {
  if (to.meta.public) return true
  const user = await loadSession()
  if (user === null) return { name: 'login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } }
  if (user.mustChangePassword && to.name !== 'password') return { name: 'password', query: { redirect: to.fullPath } }
  if (!mayOpen(to.meta.roles)) return { name: 'forbidden' }
  return true
})

router.afterEach((to) => {
  pageCrumb.value = null
  document.title = to.meta.title ? `${to.meta.title} - 信访事项听证管理系统` : '信访事项听证管理系统'
})
