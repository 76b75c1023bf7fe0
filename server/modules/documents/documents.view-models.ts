/*
 * What each document needs, as plain data. The integrator builds these from database rows; the renderer formats
 * dates (Asia/Shanghai) and labels, and the templates in templates/documents/ hold the wording.
 *
 * Per-recipient content is a property of these types: documents addressed to the petitioner or the respondent
 * name panel members with `NamedPerson` (name and unit only), and documents addressed to a member name the
 * petitioner with `PartyName` (name only). Neither type has a field for a phone number or an ID number, and the
 * renderer copies only the fields declared here, so extra properties on a row passed in are never printed.
 * Free text on notices (summaries, issues) is additionally masked for anything that looks like an ID or mobile
 * number.
 */

/** 文号: prefix (机关代字, per region), year and serial → X信听〔2026〕12号. */
export type DocumentNumber = { prefix: string, year: number, serial: number }

/** The issuing body (出具机关) and its contact, set per region. */
export type Issuer = {
  /** 滨海市信访局 */
  name: string
  contactPerson: string
  /** Printed as given, e.g. 0571-87654321. */
  contactPhone: string
  address?: string
}

/** A person named on a notice to a party (host, officers, recorder): name and unit only. */
export type NamedPerson = { name: string, unit?: string }

/** A party named on a document addressed to someone else: the name only. */
export type PartyName = { name: string }

export type MatterRef = {
  /** 信访事项编号 */
  caseNumber: string
  /** Short title, e.g. 关于征地补偿款发放问题 */
  title: string
}

export type MatterWithSummary = MatterRef & { summary?: string }

export type HearingSlot = { startsAt: Date, endsAt?: Date, place: string }

export type Publicity = { isPublic: true } | { isPublic: false, reason: string }

/** Stage of the matter the hearing belongs to: 办理 / 复查 / 复核. */
export type HandlingStage = 'handling' | 'review' | 're_review'

/** Minutes and deliberation records are finalised after signing; the hash is of the finalised content. */
export type RecordVersion = {
  version: number
  contentSha256?: string
  /** A correction names the final version it corrects, why, and that version's registered hashes. */
  corrects?: { version: number, reason: string, contentSha256: string | null, pdfSha256: string | null }
}

// --- notices -----------------------------------------------------------------------------------------------

/** 听证权利告知书, addressed to the petitioner. */
export type RightsNoticeViewModel = {
  documentNumber: DocumentNumber
  issuer: Issuer
  issuedAt: Date
  petitioner: PartyName
  matter: MatterRef & { receivedAt: Date }
  stage: HandlingStage
  /** 《信访工作条例》和《××省信访事项听证办法》, set per region. */
  legalBasis: string
  /** Days after receipt within which the petitioner may apply for a hearing. */
  applyWithinDays: number
}

/** 听证通知书 (申请人版), addressed to the petitioner. */
export type PetitionerHearingNoticeViewModel = {
  documentNumber: DocumentNumber
  issuer: Issuer
  issuedAt: Date
  petitioner: PartyName
  matter: MatterWithSummary
  hearing: HearingSlot & { publicity: Publicity }
  host: NamedPerson
  officers: NamedPerson[]
  recorder: NamedPerson
  materialsToBring: string[]
  /** Last day to name agents (委托代理人) or witnesses. */
  agentDeadline: Date
}

/** 听证通知书 (被申请人/责任单位版), addressed to the respondent unit. */
export type RespondentHearingNoticeViewModel = {
  documentNumber: DocumentNumber
  issuer: Issuer
  issuedAt: Date
  respondent: PartyName
  petitioner: PartyName
  matter: MatterWithSummary
  hearing: HearingSlot & { publicity: Publicity }
  host: NamedPerson
  officers: NamedPerson[]
  recorder: NamedPerson
  mainIssues: string[]
  /** Who must attend for the unit, e.g. 原信访事项承办人. */
  mustAttend: string[]
  materialsToBring: string[]
  /** Last day to submit the written reply and evidence. */
  submitBy: Date
}

/** 听证员邀请函, one per panel member. */
export type MemberInvitationViewModel = {
  documentNumber: DocumentNumber
  issuer: Issuer
  issuedAt: Date
  member: { name: string, role: 'host' | 'officer' }
  matter: MatterWithSummary
  /** Names only, so that the member can check for a conflict of interest. */
  petitioner: PartyName
  respondent: PartyName
  hearing: HearingSlot
  replyBy: Date
}

export type ServiceMethod = 'in_person' | 'mail' | 'left_at_address' | 'electronic' | 'by_agent'

/** 送达回证: printed with the served documents; receipt, date and signatures are filled in by hand. */
export type ServiceReceiptViewModel = {
  issuer: Issuer
  recipient: PartyName
  address: string
  served: { title: string, number: string }[]
  /** Printed when decided in advance; otherwise left blank to be filled in. */
  method?: ServiceMethod
  servers?: string[]
}

// --- records -----------------------------------------------------------------------------------------------

export type ParticipantRole = 'petitioner' | 'agent' | 'respondent' | 'handler' | 'witness' | 'third_party' | 'interpreter' | 'observer'
export type PanelRole = 'host' | 'officer' | 'recorder'
export type SpeakerRole = ParticipantRole | PanelRole

export type Speaker = { role: SpeakerRole, name?: string }

/** One utterance as the recorder entered it. */
export type TranscriptEntry = { speaker: Speaker, text: string }

export type Attendance = 'present' | 'absent' | 'represented'

export type MinutesParticipant = {
  role: ParticipantRole
  name: string
  /** Unit, position or address as recorded. */
  unit?: string
  attendance: Attendance
  /** e.g. 无正当理由未到场, 视为放弃听证 */
  note?: string
}

export type EvidenceItem = {
  name: string
  submittedBy: string
  /** 证明目的 */
  purpose?: string
  /** 质证意见 */
  crossExamination?: string
}

export type HearingEventKind = 'postponement' | 'suspension' | 'resumption' | 'termination' | 'recess' | 'other'

export type HearingEvent = { at: Date, kind: HearingEventKind, reason: string, decision?: string }

export type Signatory = {
  role: SpeakerRole
  name: string
  /** The host's note when this person refused to sign. */
  refusal?: { hostNote: string }
  /** How this person confirmed a corrected version instead of signing it again (e.g. 书面确认). */
  confirmation?: string
}

/** 听证笔录 */
export type MinutesViewModel = {
  issuer: Pick<Issuer, 'name'>
  matter: MatterRef
  hearing: HearingSlot & { publicity: Publicity }
  host: NamedPerson
  officers: NamedPerson[]
  recorder: NamedPerson
  participants: MinutesParticipant[]
  opening: TranscriptEntry[]
  recusal: TranscriptEntry[]
  statements: TranscriptEntry[]
  evidence: EvidenceItem[]
  questions: TranscriptEntry[]
  debate: TranscriptEntry[]
  finalStatements: TranscriptEntry[]
  closing: TranscriptEntry[]
  events: HearingEvent[]
  signatories: Signatory[]
  record: RecordVersion
}

export type Vote = 'for' | 'against' | 'abstain'

/** The ruleset's voting rules (RulesetConfig.deliberation). */
export type DeliberationRules = { voters: 'panel' | 'officers', majority: 'of_voters' | 'of_votes_cast', tie: 'refer' | 'host_decides' }
export type VoteTally = { voters: number, for: number, against: number, abstain: number }
/**
 * adopted / rejected: the proposal was carried or defeated, unanimously, by majority, or on a tie by the side the
 * host took (tie = host_decides); no_majority: a tie or neither side past the majority, both opinions referred.
 */
export type DeliberationOutcome =
  | { result: 'adopted' | 'rejected', basis: 'unanimous' | 'majority' | 'host_decides', tally: VoteTally }
  | { result: 'no_majority', basis: 'tie' | 'short_of_majority', tally: VoteTally }

/** 评议记录 */
export type DeliberationRecordViewModel = {
  issuer: Pick<Issuer, 'name'>
  matter: MatterRef
  hearing: HearingSlot
  deliberation: { startsAt: Date, endsAt?: Date, place: string }
  recorder: NamedPerson
  /** The conclusion put to the vote. */
  proposal: string
  /** Every officer including the host, in speaking order; a host who does not vote may have no vote. */
  opinions: { name: string, role: 'host' | 'officer', opinion: string, vote?: Vote }[]
  rules: DeliberationRules
  outcome: DeliberationOutcome
  /** The conclusion the majority reached; with no majority, an optional note. */
  conclusion: string
  record: RecordVersion
}

export type DrawnMember = { position: number, name: string, unit?: string }

/** 听证员抽取记录表 */
export type DrawRecordViewModel = {
  issuer: Pick<Issuer, 'name'>
  matter: MatterRef
  hearing: HearingSlot
  drawnAt: Date
  poolName: string
  rules: string[]
  eligibleCount: number
  excluded: { name: string, reason: string }[]
  /** Members of other regions who may not be drawn here (no consent, or no cross-region draw): counted by reason, not listed. */
  excludedElsewhere: { reason: string, count: number }[]
  algorithm: string
  poolSnapshotHash: string
  commitmentHash: string
  seed: string
  /**
   * initial: the first draw; redraw: a witnessed draw of open seats (picks: whom it drew, `position` the seat filled) or a
   * v1 draw inside a decline; replacement: alternates promoted, nothing drawn (picks: the panel as it then stood).
   */
  rounds: { number: number, kind: 'initial' | 'redraw' | 'replacement', picks: DrawnMember[], alternates: DrawnMember[] }[]
  declines: { name: string, reason: string, at: Date, replacedBy?: string }[]
  /** Each round after the first that drew: its own candidate list, commitment, seed, operator and witness (the first round's are the fields above). */
  redraws: { number: number, at: Date, operator: string, witness: string, seats: number[], eligibleCount: number, poolSnapshotHash: string, commitmentHash: string, seed: string }[]
  operator: NamedPerson
  witness: NamedPerson
  /** A command or address with which anyone can re-run the draw. */
  verifyWith?: string
}

export type DocumentViewModels = {
  'rights-notice': RightsNoticeViewModel
  'hearing-notice-petitioner': PetitionerHearingNoticeViewModel
  'hearing-notice-respondent': RespondentHearingNoticeViewModel
  'member-invitation': MemberInvitationViewModel
  'service-receipt': ServiceReceiptViewModel
  minutes: MinutesViewModel
  'deliberation-record': DeliberationRecordViewModel
  'draw-record': DrawRecordViewModel
}

export type DocumentKind = keyof DocumentViewModels

export const DOCUMENT_KINDS = [
  'rights-notice',
  'hearing-notice-petitioner',
  'hearing-notice-respondent',
  'member-invitation',
  'service-receipt',
  'minutes',
  'deliberation-record',
  'draw-record'
] as const satisfies readonly DocumentKind[]

export type RenderedDocument = {
  kind: DocumentKind
  title: string
  bytes: Buffer
  /** SHA-256 of `bytes`, hex. */
  sha256: string
  pageCount: number
}
