/*
 * What the recorder enters, as stored in hearing_records.content, and the pure functions that turn it (with the
 * hearing's rows) into the documents' view-models and into the canonical text the finalised hash is taken over.
 */
import type { Hearing } from '../../../db/schema/index.js'
import type {
  Attendance, DeliberationOutcome, DeliberationRecordViewModel, DeliberationRules, EvidenceItem, HearingEventKind, Issuer, MinutesParticipant, MinutesViewModel,
  ParticipantRole, RecordVersion, Signatory, SpeakerRole, TranscriptEntry, Vote, VoteTally
} from '../documents/documents.view-models.js'
import { canonicalJson } from '../../shared/canonical-json.js'
import { sha256Hex } from '../../shared/hash.js'
import type { HearingDocumentRows } from '../notices/notices.repository.js'
import { named, officersOf } from '../notices/notices.view-models.js'

export const MINUTES_SECTIONS = ['opening', 'recusal', 'statements', 'questions', 'debate', 'finalStatements', 'closing'] as const
export type MinutesSection = typeof MINUTES_SECTIONS[number]

export type StoredEntry = { seq: number, section: MinutesSection, speaker: { role: SpeakerRole, name?: string }, text: string, at: string }
export type StoredEvidence = EvidenceItem & { number: number }
export type StoredEvent = { at: string, kind: HearingEventKind, reason: string, decision?: string }
/** signed: signed (or, on a corrected version, confirmed as `confirmation` says); false: refused, with the host's note. */
export type StoredSignature = { role: SpeakerRole, name: string, signed: boolean, hostNote?: string, confirmation?: string }

export type MinutesContent = {
  participants: MinutesParticipant[]
  entries: StoredEntry[]
  evidence: StoredEvidence[]
  events: StoredEvent[]
  signatures: StoredSignature[]
}

/** A vote is required of every voter; a host who does not vote (rules.voters = officers) may give an opinion only. */
export type Opinion = { name: string, role: 'host' | 'officer', opinion: string, vote?: Vote }
export type DeliberationContent = {
  startsAt: string | null
  endsAt: string | null
  place: string | null
  proposal: string
  opinions: Opinion[]
  /** Empty when no majority was formed and the matter is referred to the hearing organ. */
  conclusion: string
  /** The voting rules of the hearing's ruleset, recorded with the votes (absent in records from before they were). */
  rules?: DeliberationRules
  /** Derived from opinions and rules on every write; the documents compute it again from them. */
  outcome?: DeliberationOutcome
}

/** Whether an opinion's vote counts under the rules. */
export const countsAsVote = (o: Pick<Opinion, 'role'>, rules: DeliberationRules) => o.role === 'officer' || rules.voters === 'panel'

/** The tally and what it produces under the rules. */
export function deliberationOutcome (opinions: readonly Opinion[], rules: DeliberationRules): DeliberationOutcome {
  const voting = opinions.filter((o) => countsAsVote(o, rules) && o.vote !== undefined)
  const count = (v: Vote) => voting.filter((o) => o.vote === v).length
  const tally: VoteTally = { voters: voting.length, for: count('for'), against: count('against'), abstain: count('abstain') }
  const base = rules.majority === 'of_voters' ? tally.voters : tally.for + tally.against
  const unanimous = tally.voters > 0 && (tally.for === tally.voters || tally.against === tally.voters)
  if (tally.for * 2 > base) return { result: 'adopted', basis: unanimous ? 'unanimous' : 'majority', tally }
  if (tally.against * 2 > base) return { result: 'rejected', basis: unanimous ? 'unanimous' : 'majority', tally }
  if (tally.for === tally.against && tally.for > 0) {
    const host = opinions.find((o) => o.role === 'host')
    if (rules.tie === 'host_decides' && (host?.vote === 'for' || host?.vote === 'against')) {
      return { result: host.vote === 'for' ? 'adopted' : 'rejected', basis: 'host_decides', tally }
    }
    return { result: 'no_majority', basis: 'tie', tally }
  }
  return { result: 'no_majority', basis: 'short_of_majority', tally }
}

/** Parties as the matter and the hearing list them; attendance starts as present and the recorder corrects it. */
export function initialMinutes (rows: HearingDocumentRows): MinutesContent {
  const participants: MinutesParticipant[] = []
  const attend = (role: ParticipantRole, name: string, unit?: string | null): MinutesParticipant =>
    unit ? { role, name, unit, attendance: 'present' as Attendance } : { role, name, attendance: 'present' as Attendance }
  for (const p of rows.petitioners) participants.push(attend('petitioner', p.name))
  for (const a of rows.agents) {
    const of = rows.petitioners.find((p) => p.id === a.petitionerId)
    participants.push(attend('agent', a.name, of ? `${of.name}的委托代理人` : null))
  }
  for (const p of rows.participants.filter((x) => x.active && x.kind === 'respondent_rep')) {
    participants.push(attend('respondent', p.name ?? '', [p.organisation, p.position].filter(Boolean).join('') || rows.respondent.name))
  }
  for (const p of rows.participants.filter((x) => x.active && x.kind === 'third_party')) {
    const m = p.memberId === null ? undefined : rows.members.get(p.memberId)
    participants.push(attend('third_party', m?.name ?? p.name ?? '', m?.unit ?? p.organisation))
  }
  return { participants, entries: [], evidence: [], events: [], signatures: [] }
}

export function emptyDeliberation (): DeliberationContent {
  return { startsAt: null, endsAt: null, place: null, proposal: '', opinions: [], conclusion: '' }
}

/** Who signs the minutes: the panel, then every participant who attended. */
export function expectedSignatories (hearing: Hearing, rows: HearingDocumentRows, content: MinutesContent): { role: SpeakerRole, name: string }[] {
  const host = rows.members.get(hearing.hostMemberId)
  const recorder = rows.members.get(hearing.recorderMemberId)
  return [
    ...(host ? [{ role: 'host' as const, name: host.name }] : []),
    ...officersOf(rows).map((o) => ({ role: 'officer' as const, name: o.name })),
    ...(recorder ? [{ role: 'recorder' as const, name: recorder.name }] : []),
    ...content.participants.filter((p) => p.attendance !== 'absent').map((p) => ({ role: p.role, name: p.name }))
  ]
}

export const sameSignatory = (a: { role: string, name: string }, b: { role: string, name: string }) => a.role === b.role && a.name === b.name

/** SHA-256 over the canonical JSON of everything the finalised version says. */
export function contentHash (record: { hearingId: number, kind: string, version: number, previousId: number | null, content: unknown }) {
  return sha256Hex(canonicalJson({ hearingId: record.hearingId, kind: record.kind, version: record.version, previousId: record.previousId, content: record.content }))
}

const recordVersion = (version: number, contentSha256: string | null, corrects: RecordVersion['corrects']): RecordVersion =>
  ({ version, ...(contentSha256 ? { contentSha256 } : {}), ...(corrects ? { corrects } : {}) })

const place = (rows: HearingDocumentRows) => `${rows.venue.name}（${rows.venue.address}）`

export function minutesViewModel ({ hearing, rows, issuer, content, version, contentSha256, corrects }: {
  hearing: Hearing, rows: HearingDocumentRows, issuer: Pick<Issuer, 'name'>, content: MinutesContent, version: number, contentSha256: string | null, corrects?: RecordVersion['corrects']
}): MinutesViewModel {
  const section = (s: MinutesSection): TranscriptEntry[] => content.entries.filter((e) => e.section === s)
    .map((e) => ({ speaker: e.speaker.name ? { role: e.speaker.role, name: e.speaker.name } : { role: e.speaker.role }, text: e.text }))
  const signatories: Signatory[] = expectedSignatories(hearing, rows, content).map((s) => {
    const recorded = content.signatures.find((x) => sameSignatory(x, s))
    if (recorded && !recorded.signed) return { ...s, refusal: { hostNote: recorded.hostNote ?? '' } }
    return recorded?.confirmation ? { ...s, confirmation: recorded.confirmation } : s
  })
  return {
    issuer: { name: issuer.name },
    matter: { caseNumber: rows.matter.number, title: rows.matter.title },
    hearing: { startsAt: hearing.startsAt, endsAt: hearing.endsAt, place: place(rows), publicity: hearing.isPublic ? { isPublic: true } : { isPublic: false, reason: hearing.nonPublicReason ?? '涉及个人隐私' } },
    host: named(rows.members.get(hearing.hostMemberId)),
    officers: officersOf(rows).map(named),
    recorder: named(rows.members.get(hearing.recorderMemberId)),
    participants: content.participants.map((p) => ({ ...p })),
    opening: section('opening'),
    recusal: section('recusal'),
    statements: section('statements'),
    evidence: content.evidence.map(({ number: _n, ...e }) => e),
    questions: section('questions'),
    debate: section('debate'),
    finalStatements: section('finalStatements'),
    closing: section('closing'),
    events: content.events.map((e) => ({ ...e, at: new Date(e.at) })),
    signatories,
    record: recordVersion(version, contentSha256, corrects)
  }
}

export function deliberationViewModel ({ hearing, rows, issuer, content, version, contentSha256, corrects, rules }: {
  hearing: Hearing, rows: HearingDocumentRows, issuer: Pick<Issuer, 'name'>, content: DeliberationContent, version: number, contentSha256: string | null, corrects?: RecordVersion['corrects'], rules: DeliberationRules
}): DeliberationRecordViewModel {
  const deliberation = {
    startsAt: content.startsAt ? new Date(content.startsAt) : hearing.endsAt,
    place: content.place ?? rows.venue.name
  }
  return {
    issuer: { name: issuer.name },
    matter: { caseNumber: rows.matter.number, title: rows.matter.title },
    hearing: { startsAt: hearing.startsAt, endsAt: hearing.endsAt, place: place(rows) },
    deliberation: content.endsAt ? { ...deliberation, endsAt: new Date(content.endsAt) } : deliberation,
    recorder: named(rows.members.get(hearing.recorderMemberId)),
    proposal: content.proposal,
    opinions: content.opinions.map((o) => ({ ...o })),
    rules: { ...rules },
    outcome: deliberationOutcome(content.opinions, rules),
    conclusion: content.conclusion,
    record: recordVersion(version, contentSha256, corrects)
  }
}
