import type { RouteRecordRaw } from 'vue-router'
import type { Role } from '@/composables/session'

declare module 'vue-router' {
  interface RouteMeta {
    /** The page's title (browser tab and breadcrumb). */
    title?: string
    /** Who may open it; the side menu shows it only to them. Absent: everyone signed in. */
    roles?: Role[]
    /** Shown in the side menu, in this group and order. */
    menu?: { group?: string, order: number, icon?: string }
    /** The breadcrumb's parent route name. */
    parent?: string
    /** Reachable signed out (sign-in). */
    public?: boolean
  }
}

/** Each feature folder under views/ exports its routes as a `FeatureRoutes`. */
export type FeatureRoutes = RouteRecordRaw[]
