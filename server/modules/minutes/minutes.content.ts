/*
 * The pure functions that turn what the recorder enters (minutes.types.ts), with the hearing's dossier, into the
 * first draft of the minutes and into the documents' view-models.
 */
import type { Hearing } from '../../../db/schema/index.js'
import type {
  Attendance, DeliberationRecordViewModel, DeliberationRules, Issuer, MinutesParticipant, MinutesViewModel,
  ParticipantRole, RecordVersion, Signatory, TranscriptEntry
} from '../documents/documents.view-models.js'
import type { HearingDocumentRows } from '../dossier/dossier.service.js'
import { named, officersOf } from '../dossier/dossier.rules.js'
import { deliberationOutcome, expectedSignatories, sameSignatory } from './minutes.rules.js'
import type { DeliberationContent, MinutesContent, MinutesSection } from './minutes.types.js'

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
