import type { UserRole } from '../../db/schema/index.js'

/** Who may call a route: 'public' (no login) or the roles allowed. Every route must say one (`config.access`). */
export type Access = 'public' | readonly UserRole[]

/** The role lists routes declare; the auth plugin enforces them (deny by default). */
export const ROLES = {
  everyone: ['admin', 'coordinator', 'host', 'officer', 'auditor'],
  admin: ['admin'],
  managers: ['admin', 'coordinator'],
  /** Who schedules hearings, runs the draw, issues documents and keeps the minutes. */
  hearingStaff: ['admin', 'coordinator', 'host'],
  readers: ['admin', 'coordinator', 'auditor'],
  auditors: ['admin', 'auditor'],
  poolReaders: ['admin', 'coordinator', 'host', 'auditor']
} as const satisfies Record<string, readonly UserRole[]>

/** The browser session's cookie: set by sign-in, read by the auth plugin. */
export const SESSION_COOKIE = 'tz_session'
