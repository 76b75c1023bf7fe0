import { computed, ref } from 'vue'
import { api, ok } from '@/api/client'

export type User = NonNullable<Awaited<ReturnType<typeof fetchMe>>>
export type Role = 'admin' | 'coordinator' | 'host' | 'officer' | 'auditor'

export const ROLE_LABELS: Record<Role, string> = { admin: '市局管理员', coordinator: '协调员', host: '主持人', officer: '听证员', auditor: '只读审计员' }

async function fetchMe () {
  return ok(api.GET('/api/v1/me'))
}

const current = ref<User | null>(null)
let loaded = false

/** The signed-in user, shared by every page; null when signed out. */
export function useSession () {
  return {
    user: computed(() => current.value),
    role: computed(() => current.value?.role as Role | undefined)
  }
}

/** Reads who is signed in (once per page load, or again with `force`). A 401 means nobody. */
export async function loadSession (force = false) {
  if (loaded && !force) return current.value
  try {
    current.value = await fetchMe()
  } catch {
    current.value = null
  }
  loaded = true
  return current.value
}

export async function signIn (username: string, password: string) {
  const result = await ok(api.POST('/api/v1/auth/login', { body: { username, password } }))
  current.value = result.user
  loaded = true
  return result.user
}

export async function signOut () {
  try { await api.POST('/api/v1/auth/logout') } finally { forgetSession() }
}

/** After a 401: the session is gone on the server; the next navigation goes to sign-in. */
export function forgetSession () {
  current.value = null
  loaded = true
}

export function hasRole (...roles: Role[]) {
  const role = current.value?.role as Role | undefined
  return role !== undefined && roles.includes(role)
}

/** Whether the signed-in user may open a page whose route admits these roles (meta.roles; none: everyone signed in). */
export function mayOpen (roles: readonly Role[] | undefined) {
  return roles === undefined || hasRole(...roles)
}
