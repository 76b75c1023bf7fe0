/*
 * What the recorder enters, as stored in hearing_records.content: the minutes (parties, transcript, evidence,
 * events, signatures) and the deliberation (opinions, votes, conclusion).
 */
import type { DeliberationOutcome, DeliberationRules, EvidenceItem, HearingEventKind, MinutesParticipant, SpeakerRole, Vote } from '../documents/documents.view-models.js'

export const MINUTES_SECTIONS = ['opening', 'recusal', 'statements', 'questions', 'debate', 'finalStatements', 'closing'] as const
export type MinutesSection = typeof MINUTES_SECTIONS[number]

/** `clientId`: the recording client's id of the entry, so that a retried add (its answer lost) is not stored twice. */
export type StoredEntry = { seq: number, section: MinutesSection, speaker: { role: SpeakerRole, name?: string }, text: string, at: string, clientId?: string }
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

/** The content of each kind of record. */
export type RecordContents = { minutes: MinutesContent, deliberation: DeliberationContent }
