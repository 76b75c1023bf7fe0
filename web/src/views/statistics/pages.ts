import type { Role } from '@/composables/session'

/** Who reads the statistics, bulletins, provincial export and ledger (server/common/access.ts ROLES.readers). */
export const READERS: Role[] = ['admin', 'coordinator', 'auditor']
/** Who assesses after a hearing (the host's account may be a host or an officer account), and auditors who read. */
export const ASSESSMENT_ROLES: Role[] = ['admin', 'coordinator', 'host', 'officer', 'auditor']

/** The sub-pages of 统计考核, in the order of their tabs. */
export const STATISTICS_PAGES: { name: string, title: string, roles: Role[] }[] = [
  { name: 'statistics', title: '听证率与得分', roles: READERS },
  { name: 'statistics-bulletins', title: '通报', roles: READERS },
  { name: 'statistics-export', title: '省级系统导出', roles: READERS },
  { name: 'statistics-remuneration', title: '报酬台账', roles: READERS },
  { name: 'statistics-assessments', title: '考核', roles: ASSESSMENT_ROLES },
  { name: 'statistics-reminders', title: '提醒设置', roles: ['admin'] }
]
