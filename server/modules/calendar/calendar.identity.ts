import type { Db, DbOrTx, Tx } from '../../../db/client.js'
import type { CalendarInvitation, CalendarPersonKind, InvitationMethod } from '../../../db/schema/index.js'
import type { Clock } from '../../common/clock.js'
import type { Rng } from '../../common/random.js'
import { findInstallationId, getOrCreateInstallationId } from '../secrets/secrets.installation.service.js'
import { messageKeysWithPrefix, setThread, type Thread } from '../mail/mail.outbox.service.js'
import * as repo from './calendar.repository.js'
import type { PersonRef } from './calendar.ics.js'

/**
 * Calendar identity. A hearing's event is `hearing-<id>@<installation id>`: the installation id is a random UUID
 * kept in the database, so moving the service to another address (PUBLIC_BASE_URL) neither duplicates nor
 * orphans events already in people's calendars. Each person's UID is stored with the first invitation queued to
 * them (calendar_invitations) and used for everything sent to them afterwards, and for their personal feed.
 */

export function hearingUid ({ hearingId, installationId }: { hearingId: number, installationId: string }) {
  return `hearing-${hearingId}@${installationId}`
}

/**
 * The UID of a new event for a person whose last message about the hearing was a cancellation (taken off it,
 * then put back on): a cancellation is final for its UID, so they are invited afresh under another one.
 */
export function reinvitationUid ({ hearingId, sequence, installationId }: { hearingId: number, sequence: number, installationId: string }) {
  return `hearing-${hearingId}.${sequence}@${installationId}`
}

/** The UID of the hearing's event for `installationId`, unless an adopted (older) UID is stored for it. */
export function defaultHearingUid ({ hearingId, installationId, adopted }: { hearingId: number, installationId: string, adopted: string | null }) {
  return adopted ?? hearingUid({ hearingId, installationId })
}

/** The installation id, which ensureCalendarIdentity stored at start-up. */
export function installationIdOf (db: DbOrTx): string {
  const id = findInstallationId(db)
  if (!id) throw new Error('calendar: no installation id stored; ensureCalendarIdentity runs when the services are created')
  return id
}

/**
 * Creates the installation id at the first start and, in the same transaction, adopts what was published before
 * it existed: UIDs then were `hearing-<id>@<host of PUBLIC_BASE_URL>`. Every hearing already stored keeps the UID
 * its invitations carried (read from the outbox, which holds every invitation queued) or, never mailed, the one
 * its feed entry had under the address configured now. Later changes of the address change nothing.
 */
export function ensureCalendarIdentity ({ db, clock, rng, publicBaseUrl }: { db: Db, clock: Clock, rng: Rng, publicBaseUrl: string }): string {
  return getOrCreateInstallationId({
    db,
    clock,
    rng,
    onCreate: (tx) => adoptPublishedUids(tx, { legacyHost: new URL(publicBaseUrl).hostname, at: clock.now() })
  })
}

/** An invitation's outbox dedupe key: `invite:<uid>:<sequence>:<method>:<kind>-<id>` (the UID may hold colons). */
const INVITE_KEY = /^invite:(.+):(\d+):(REQUEST|CANCEL):(user|member|participant)-(\d+)$/
const HEARING_OF_UID = /^hearing-(\d+)[.@]/

export type InviteKey = { uid: string, sequence: number, method: InvitationMethod, person: PersonRef }

export function inviteDedupeKey ({ uid, sequence, method, person }: InviteKey) {
  return `invite:${uid}:${sequence}:${method}:${person.kind}-${person.id}`
}

/**
 * The outbox thread of one event for one person: a later SEQUENCE supersedes what is not yet delivered, and a
 * CANCEL ends it (nothing queued behind it is sent).
 */
export function inviteThread ({ uid, sequence, method, person }: InviteKey): Thread {
  return { key: `invite:${uid}:${person.kind}-${person.id}`, rank: sequence, final: method === 'CANCEL' }
}

export function parseInviteDedupeKey (key: string): InviteKey | null {
  const m = INVITE_KEY.exec(key)
  if (!m) return null
  return { uid: m[1]!, sequence: Number(m[2]), method: m[3] as InvitationMethod, person: { kind: m[4] as CalendarPersonKind, id: Number(m[5]) } }
}

function adoptPublishedUids (tx: Tx, { legacyHost, at }: { legacyHost: string, at: Date }) {
  const hearingIds = new Set(repo.allHearingIds(tx))
  if (hearingIds.size === 0) return
  const sent = messageKeysWithPrefix(tx, 'invite:')
  const lastUidOfHearing = new Map<number, string>()
  const lastOfPerson = new Map<string, InviteKey & { hearingId: number }>()
  for (const row of sent) {
    const key = parseInviteDedupeKey(row.dedupeKey!)
    const hearingId = key ? Number(HEARING_OF_UID.exec(key.uid)?.[1]) : NaN
    if (!key) continue
    // messages still waiting when the upgrade runs are delivered in order too
    setThread(tx, row.id, inviteThread(key))
    if (!hearingIds.has(hearingId)) continue
    lastUidOfHearing.set(hearingId, key.uid)
    const personKey = `${hearingId}:${key.person.kind}-${key.person.id}`
    const before = lastOfPerson.get(personKey)
    if (!before || key.sequence >= before.sequence) lastOfPerson.set(personKey, { ...key, hearingId })
  }
  for (const hearingId of hearingIds) {
    const uid = lastUidOfHearing.get(hearingId) ?? `hearing-${hearingId}@${legacyHost}`
    repo.adoptEventUid(tx, { hearingId, uid, createdAt: at })
  }
  for (const p of lastOfPerson.values()) {
    repo.adoptInvitation(tx, {
      hearingId: p.hearingId, personKind: p.person.kind, personId: p.person.id, uid: p.uid, sequence: p.sequence, method: p.method, createdAt: at, updatedAt: at
    })
  }
}

/** What was sent to each person about one hearing, by `kind-id`. */
export function invitationsOf (db: DbOrTx, hearingId: number): Map<string, CalendarInvitation> {
  return new Map(repo.invitationRowsOf(db, hearingId).map((r) => [`${r.personKind}-${r.personId}`, r]))
}

/** Records the message just queued to a person: their UID, its SEQUENCE and METHOD. */
export function recordInvitation (db: DbOrTx, { hearingId, person, uid, sequence, method, at }: { hearingId: number, person: PersonRef, uid: string, sequence: number, method: InvitationMethod, at: Date }) {
  repo.upsertInvitation(db, { hearingId, personKind: person.kind, personId: person.id, uid, sequence, method, at })
}

/** The UIDs a member's invitations carried, by hearing: their feed shows those events under the same UIDs. */
export function memberInvitationUids (db: DbOrTx, memberId: number, hearingIds: readonly number[]): Map<number, string> {
  if (hearingIds.length === 0) return new Map()
  return new Map(repo.memberInvitationUidRows(db, memberId, hearingIds))
}
