import type Database from 'better-sqlite3'
import type { BasicCondition, MemberStatus, NewMember, RemovalGround } from '../../../db/schema/index.js'
import type { ConditionAttestation, EmployerDraft, RelativeDraft } from './pool.validation.js'

/**
 * The write path of a member aggregate (member row, child rows, history), on prepared better-sqlite3 statements
 * kept per connection. Drizzle prepares a fresh statement per call, which made a 10,000-row import spend most of its
 * time compiling the same INSERT (with its FTS trigger) again; these statements run inside whatever transaction is
 * open on the connection. Column lists follow db/schema/pool.table.ts; the route tests read every column back.
 */

/** Columns every member write sets; the rest keep their defaults. */
export type MemberWrite = Pick<NewMember,
  'name' | 'gender' | 'birthDate' | 'idNumber' | 'mobile' | 'email' | 'employerOrganisationId' | 'title' | 'seniorTitle' | 'homeRegionId' |
  'roleOfficer' | 'roleHost' | 'roleRecorder' | 'roleThirdParty' | 'sourceCategory' | 'consentCrossRegion' | 'remunerationKind' |
  'feePerHalfDayYuan' | 'note'> & { updatedAt: Date }

const COLUMNS: [keyof MemberWrite, string][] = [
  ['name', 'name'], ['gender', 'gender'], ['birthDate', 'birth_date'], ['idNumber', 'id_number'], ['mobile', 'mobile'], ['email', 'email'],
  ['employerOrganisationId', 'employer_organisation_id'], ['title', 'title'], ['seniorTitle', 'senior_title'], ['homeRegionId', 'home_region_id'],
  ['roleOfficer', 'role_officer'], ['roleHost', 'role_host'], ['roleRecorder', 'role_recorder'], ['roleThirdParty', 'role_third_party'],
  ['sourceCategory', 'source_category'], ['consentCrossRegion', 'consent_cross_region'], ['remunerationKind', 'remuneration_kind'],
  ['feePerHalfDayYuan', 'fee_per_half_day_yuan'], ['note', 'note'], ['updatedAt', 'updated_at']
]

function bind (values: MemberWrite) {
  return COLUMNS.map(([key]) => {
    const v = values[key]
    if (v instanceof Date) return v.getTime()
    if (typeof v === 'boolean') return v ? 1 : 0
    return v ?? null
  })
}

function build (client: Database.Database) {
  const names = COLUMNS.map(([, column]) => column)
  return {
    insertMember: client.prepare(`insert into members (${names.join(', ')}, status, created_at) values (${names.map(() => '?').join(', ')}, ?, ?) returning id`),
    rewriteMember: client.prepare(`update members set ${names.map((n) => `${n} = ?`).join(', ')}, version = ? where id = ?`),
    deleteTerms: client.prepare('delete from member_vocabulary where member_id = ?'),
    insertTerm: client.prepare('insert into member_vocabulary (member_id, term_id) values (?, ?)'),
    deleteConditions: client.prepare('delete from member_conditions where member_id = ?'),
    insertCondition: client.prepare('insert into member_conditions (member_id, condition, attested_by, attested_at) values (?, ?, ?, ?)'),
    deleteRelatives: client.prepare('delete from member_relatives where member_id = ?'),
    insertRelative: client.prepare('insert into member_relatives (member_id, name, relation, id_number) values (?, ?, ?, ?)'),
    deleteEmployers: client.prepare('delete from member_employers where member_id = ?'),
    insertEmployer: client.prepare('insert into member_employers (member_id, organisation_id, position, from_date, to_date) values (?, ?, ?, ?, ?)'),
    insertHistory: client.prepare(`insert into member_status_history (member_id, action, from_status, to_status, reason, ground, details, actor_user_id, actor_name, at)
      values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
  }
}

const writers = new WeakMap<Database.Database, ReturnType<typeof build>>()

function statements (client: Database.Database) {
  let s = writers.get(client)
  if (!s) { s = build(client); writers.set(client, s) }
  return s
}

export type MemberChildren = {
  termIds: readonly number[]
  conditions: Partial<Record<BasicCondition, ConditionAttestation>>
  relatives: readonly RelativeDraft[]
  employers: readonly EmployerDraft[]
}

export type HistoryWrite = {
  memberId: number
  action: string
  fromStatus: string | null
  toStatus: string
  reason?: string | null
  ground?: RemovalGround | null
  details?: Record<string, unknown> | null
  actorUserId: number | null
  actorName: string
  at: Date
}

export function memberWriter (client: Database.Database) {
  const s = statements(client)
  return {
    insertMember (values: MemberWrite & { status: MemberStatus, createdAt: Date }): number {
      return (s.insertMember.get(...bind(values), values.status, values.createdAt.getTime()) as { id: number }).id
    },

    rewriteMember (id: number, values: MemberWrite & { version: number }) {
      s.rewriteMember.run(...bind(values), values.version, id)
    },

    replaceChildren (memberId: number, children: MemberChildren) {
      s.deleteTerms.run(memberId)
      for (const termId of new Set(children.termIds)) s.insertTerm.run(memberId, termId)
      s.deleteConditions.run(memberId)
      for (const [condition, c] of Object.entries(children.conditions)) {
        if (c) s.insertCondition.run(memberId, condition, c.attestedBy.trim(), c.attestedAt)
      }
      s.deleteRelatives.run(memberId)
      for (const r of children.relatives) s.insertRelative.run(memberId, r.name, r.relation, r.idNumber)
      s.deleteEmployers.run(memberId)
      for (const e of children.employers) s.insertEmployer.run(memberId, e.organisationId, e.position, e.fromDate, e.toDate)
    },

    insertHistory (h: HistoryWrite) {
      s.insertHistory.run(
        h.memberId, h.action, h.fromStatus, h.toStatus, h.reason ?? null, h.ground ?? null,
        h.details ? JSON.stringify(h.details) : null, h.actorUserId, h.actorName, h.at.getTime()
      )
    }
  }
}

export type MemberWriter = ReturnType<typeof memberWriter>
