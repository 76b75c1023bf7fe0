import { Type, type Static, type TSchema } from 'typebox'
import { maskPersonalText } from '../../common/personal-data.js'
import {
  formatDate,
  formatDocumentNumber,
  formatTimeRange,
  formatTimestamp,
  matterPhrase
} from './documents.format.js'
import type {
  Attendance,
  DocumentKind,
  DocumentViewModels,
  HandlingStage,
  HearingEventKind,
  Issuer,
  NamedPerson,
  Publicity,
  ServiceMethod,
  Signatory,
  SpeakerRole,
  DeliberationRules,
  RecordVersion,
  TranscriptEntry,
  Vote
} from './documents.view-models.js'

/*
 * For each kind: the template file, the context the template may use (a TypeBox schema: templates are checked
 * against it when loaded), and the pure function that turns a view-model into that context. Dates, numbers
 * and vocabulary are formatted here; sentences live in the templates.
 */

export const ROLE_LABELS: Record<SpeakerRole, string> = {
  petitioner: '信访人',
  agent: '委托代理人',
  respondent: '责任单位代表',
  handler: '承办人',
  witness: '证人',
  third_party: '利害关系人',
  interpreter: '翻译人员',
  observer: '旁听人员',
  host: '主持人',
  officer: '听证员',
  recorder: '记录员'
}

export const ATTENDANCE_LABELS: Record<Attendance, string> = { present: '到场', absent: '未到场', represented: '委托代理人到场' }
const STAGE_LABELS: Record<HandlingStage, string> = { handling: '办理', review: '复查', re_review: '复核' }
export const EVENT_LABELS: Record<HearingEventKind, string> = {
  postponement: '延期',
  suspension: '中止',
  resumption: '恢复',
  termination: '终止',
  recess: '休会',
  other: '其他'
}
export const SERVICE_METHOD_LABELS: Record<ServiceMethod, string> = {
  in_person: '直接送达',
  mail: '邮寄送达',
  left_at_address: '留置送达',
  electronic: '电子送达',
  by_agent: '委托送达'
}
export const VOTE_LABELS: Record<Vote, string> = { for: '同意', against: '不同意', abstain: '弃权' }

// --- context building blocks -------------------------------------------------------------------------------

const Text = Type.String()
const Flag = Type.Boolean()
const Lines = Type.Array(Type.String())
const rows = <T extends Record<string, TSchema>>(properties: T) => Type.Array(Type.Object(properties))

const IssuerContext = Type.Object({ name: Text, contactPerson: Text, contactPhone: Text, address: Text })
const IssuerNameContext = Type.Object({ name: Text })
const MatterContext = Type.Object({ caseNumber: Text, title: Text, phrase: Text, summary: Text })
const HearingContext = Type.Object({ time: Text, place: Text, publicity: Text })
const PanelContext = Type.Object({ host: Text, officers: Text, recorder: Text })
const SignatoryRows = rows({ role: Text, name: Text, refused: Flag, hostNote: Text })
const RecordSignatoryRows = rows({ role: Text, name: Text, refused: Flag, hostNote: Text, note: Text })
const RecordContext = Type.Object({
  version: Text,
  contentSha256: Text,
  isFinal: Flag,
  isCorrection: Flag,
  correctionReason: Text,
  correctedVersion: Text,
  correctedContentSha256: Text,
  correctedPdfSha256: Text,
  hasCorrectedPdf: Flag
})

const issuerContext = (issuer: Issuer) => ({
  name: issuer.name,
  contactPerson: issuer.contactPerson,
  contactPhone: issuer.contactPhone,
  address: issuer.address ?? ''
})

/** 王某（滨海市司法局） */
export const personText = (person: NamedPerson) => person.unit ? `${person.name}（${person.unit}）` : person.name
const peopleText = (people: NamedPerson[]) => people.length === 0 ? '无' : people.map(personText).join('、')
const publicityText = (publicity: Publicity) => publicity.isPublic ? '公开举行' : `不公开举行（理由：${publicity.reason}）`
/** Notices leave the bureau: free text on them never carries an ID or mobile number, whoever typed it. */
const safeText = (text: string | undefined) => maskPersonalText(text ?? '')
const speakerText = ({ speaker }: TranscriptEntry) => `${ROLE_LABELS[speaker.role]}${speaker.name ?? ''}`
const transcript = (entries: TranscriptEntry[]) => entries.map((e) => ({ speaker: speakerText(e), text: e.text }))
const signatories = (list: Signatory[]) => list.map((s) => ({
  role: ROLE_LABELS[s.role],
  name: s.name,
  refused: s.refusal !== undefined,
  hostNote: s.refusal?.hostNote ?? '',
  note: s.confirmation ? `确认更正：${s.confirmation}` : ''
}))
const recordContext = ({ version, contentSha256, corrects }: RecordVersion) => ({
  version: String(version),
  contentSha256: contentSha256 ?? '',
  isFinal: contentSha256 !== undefined && contentSha256 !== '',
  isCorrection: corrects !== undefined,
  correctionReason: corrects?.reason ?? '',
  correctedVersion: corrects ? String(corrects.version) : '',
  correctedContentSha256: corrects?.contentSha256 ?? '（未登记）',
  correctedPdfSha256: corrects?.pdfSha256 ?? '',
  hasCorrectedPdf: (corrects?.pdfSha256 ?? '') !== ''
})

/** The wording of each voting rule, as the deliberation record prints it (the deliberation page shows it too). */
export const VOTER_RULES: Record<DeliberationRules['voters'], string> = { panel: '主持人和听证员均参加表决', officers: '听证员参加表决，主持人不计票' }
export const MAJORITY_RULES: Record<DeliberationRules['majority'], string> = {
  of_voters: '同意票或不同意票超过参加表决人数的一半为多数意见',
  of_votes_cast: '同意票或不同意票超过两者之和的一半为多数意见'
}
export const TIE_RULES: Record<DeliberationRules['tie'], string> = {
  refer: '同意票与不同意票相等的，不形成多数意见，记录两种意见提请听证组织机关决定',
  host_decides: '同意票与不同意票相等的，以主持人所持意见为评议意见'
}

// --- kinds -------------------------------------------------------------------------------------------------

type KindDefinition<K extends DocumentKind, C extends TSchema> = {
  file: string
  context: C
  build: (viewModel: DocumentViewModels[K]) => Static<C>
}

const define = <K extends DocumentKind>() => <C extends TSchema>(definition: KindDefinition<K, C>) => definition

const NoticeBase = {
  documentNumber: Text,
  issuer: IssuerContext,
  issuedOn: Text
}

const rightsNotice = define<'rights-notice'>()({
  file: 'rights-notice.json',
  context: Type.Object({
    ...NoticeBase,
    petitioner: Type.Object({ name: Text }),
    matter: Type.Object({ caseNumber: Text, title: Text, phrase: Text, receivedOn: Text }),
    stage: Text,
    legalBasis: Text,
    applyWithinDays: Text
  }),
  build: (vm) => ({
    documentNumber: formatDocumentNumber(vm.documentNumber),
    issuer: issuerContext(vm.issuer),
    issuedOn: formatDate(vm.issuedAt),
    petitioner: { name: vm.petitioner.name },
    matter: { caseNumber: vm.matter.caseNumber, title: vm.matter.title, phrase: matterPhrase(vm.matter.title), receivedOn: formatDate(vm.matter.receivedAt) },
    stage: STAGE_LABELS[vm.stage],
    legalBasis: vm.legalBasis,
    applyWithinDays: String(vm.applyWithinDays)
  })
})

const petitionerNotice = define<'hearing-notice-petitioner'>()({
  file: 'hearing-notice-petitioner.json',
  context: Type.Object({
    ...NoticeBase,
    petitioner: Type.Object({ name: Text }),
    matter: MatterContext,
    hearing: HearingContext,
    panel: PanelContext,
    materials: Lines,
    agentDeadline: Text
  }),
  build: (vm) => ({
    documentNumber: formatDocumentNumber(vm.documentNumber),
    issuer: issuerContext(vm.issuer),
    issuedOn: formatDate(vm.issuedAt),
    petitioner: { name: vm.petitioner.name },
    matter: { caseNumber: vm.matter.caseNumber, title: vm.matter.title, phrase: matterPhrase(vm.matter.title), summary: safeText(vm.matter.summary) },
    hearing: { time: formatTimeRange(vm.hearing.startsAt, vm.hearing.endsAt), place: vm.hearing.place, publicity: publicityText(vm.hearing.publicity) },
    panel: { host: personText(vm.host), officers: peopleText(vm.officers), recorder: personText(vm.recorder) },
    materials: vm.materialsToBring.map(safeText),
    agentDeadline: formatDate(vm.agentDeadline)
  })
})

const respondentNotice = define<'hearing-notice-respondent'>()({
  file: 'hearing-notice-respondent.json',
  context: Type.Object({
    ...NoticeBase,
    respondent: Type.Object({ name: Text }),
    petitioner: Type.Object({ name: Text }),
    matter: MatterContext,
    hearing: HearingContext,
    panel: PanelContext,
    mainIssues: Lines,
    mustAttend: Lines,
    materials: Lines,
    submitBy: Text
  }),
  build: (vm) => ({
    documentNumber: formatDocumentNumber(vm.documentNumber),
    issuer: issuerContext(vm.issuer),
    issuedOn: formatDate(vm.issuedAt),
    respondent: { name: vm.respondent.name },
    petitioner: { name: vm.petitioner.name },
    matter: { caseNumber: vm.matter.caseNumber, title: vm.matter.title, phrase: matterPhrase(vm.matter.title), summary: safeText(vm.matter.summary) },
    hearing: { time: formatTimeRange(vm.hearing.startsAt, vm.hearing.endsAt), place: vm.hearing.place, publicity: publicityText(vm.hearing.publicity) },
    panel: { host: personText(vm.host), officers: peopleText(vm.officers), recorder: personText(vm.recorder) },
    mainIssues: vm.mainIssues.map(safeText),
    mustAttend: vm.mustAttend.map(safeText),
    materials: vm.materialsToBring.map(safeText),
    submitBy: formatDate(vm.submitBy)
  })
})

const memberInvitation = define<'member-invitation'>()({
  file: 'member-invitation.json',
  context: Type.Object({
    ...NoticeBase,
    member: Type.Object({ name: Text, role: Text }),
    matter: MatterContext,
    petitioner: Type.Object({ name: Text }),
    respondent: Type.Object({ name: Text }),
    hearing: Type.Object({ time: Text, place: Text }),
    replyBy: Text
  }),
  build: (vm) => ({
    documentNumber: formatDocumentNumber(vm.documentNumber),
    issuer: issuerContext(vm.issuer),
    issuedOn: formatDate(vm.issuedAt),
    member: { name: vm.member.name, role: vm.member.role === 'host' ? '听证主持人' : '听证员' },
    matter: { caseNumber: vm.matter.caseNumber, title: vm.matter.title, phrase: matterPhrase(vm.matter.title), summary: safeText(vm.matter.summary) },
    petitioner: { name: vm.petitioner.name },
    respondent: { name: vm.respondent.name },
    hearing: { time: formatTimeRange(vm.hearing.startsAt, vm.hearing.endsAt), place: vm.hearing.place },
    replyBy: formatDate(vm.replyBy)
  })
})

const serviceReceipt = define<'service-receipt'>()({
  file: 'service-receipt.json',
  context: Type.Object({
    issuer: IssuerContext,
    recipient: Type.Object({ name: Text }),
    address: Text,
    served: rows({ title: Text, number: Text }),
    servedText: Text,
    methodChoices: Text,
    servers: Text
  }),
  build: (vm) => ({
    issuer: issuerContext(vm.issuer),
    recipient: { name: vm.recipient.name },
    address: vm.address,
    served: vm.served.map((d) => ({ title: d.title, number: d.number })),
    servedText: vm.served.map((d) => `《${d.title}》（${d.number}）`).join('\n'),
    // every method printed as a tick box, the one decided in advance ticked
    methodChoices: (Object.entries(SERVICE_METHOD_LABELS) as [ServiceMethod, string][])
      .map(([method, label], i) => `${i === 3 ? '\n' : i > 0 ? '　' : ''}${method === vm.method ? '■' : '□'}${label}`).join(''),
    servers: (vm.servers ?? []).join('、')
  })
})

const minutes = define<'minutes'>()({
  file: 'minutes.json',
  context: Type.Object({
    issuer: IssuerNameContext,
    matter: Type.Object({ caseNumber: Text, title: Text }),
    hearing: HearingContext,
    panel: PanelContext,
    participantsText: Text,
    attendance: rows({ role: Text, name: Text, unit: Text, attendance: Text, note: Text }),
    opening: rows({ speaker: Text, text: Text }),
    recusal: rows({ speaker: Text, text: Text }),
    statements: rows({ speaker: Text, text: Text }),
    evidence: rows({ number: Text, name: Text, submittedBy: Text, purpose: Text, crossExamination: Text }),
    questions: rows({ speaker: Text, text: Text }),
    debate: rows({ speaker: Text, text: Text }),
    finalStatements: rows({ speaker: Text, text: Text }),
    closing: rows({ speaker: Text, text: Text }),
    events: rows({ time: Text, kind: Text, reason: Text, decision: Text }),
    signatories: RecordSignatoryRows,
    record: RecordContext
  }),
  build: (vm) => ({
    issuer: { name: vm.issuer.name },
    matter: { caseNumber: vm.matter.caseNumber, title: vm.matter.title },
    hearing: { time: formatTimeRange(vm.hearing.startsAt, vm.hearing.endsAt), place: vm.hearing.place, publicity: publicityText(vm.hearing.publicity) },
    panel: { host: personText(vm.host), officers: peopleText(vm.officers), recorder: personText(vm.recorder) },
    participantsText: vm.participants.length === 0
      ? '无'
      : vm.participants.map((p) => `${ROLE_LABELS[p.role]}${p.name}`).join('、'),
    attendance: vm.participants.map((p) => ({
      role: ROLE_LABELS[p.role],
      name: p.name,
      unit: p.unit ?? '',
      attendance: ATTENDANCE_LABELS[p.attendance],
      note: p.note ?? ''
    })),
    opening: transcript(vm.opening),
    recusal: transcript(vm.recusal),
    statements: transcript(vm.statements),
    evidence: vm.evidence.map((e, i) => ({
      number: String(i + 1),
      name: e.name,
      submittedBy: e.submittedBy,
      purpose: e.purpose ?? '',
      crossExamination: e.crossExamination ?? ''
    })),
    questions: transcript(vm.questions),
    debate: transcript(vm.debate),
    finalStatements: transcript(vm.finalStatements),
    closing: transcript(vm.closing),
    events: vm.events.map((e) => ({ time: formatTimestamp(e.at), kind: EVENT_LABELS[e.kind], reason: e.reason, decision: e.decision ?? '' })),
    signatories: signatories(vm.signatories),
    record: recordContext(vm.record)
  })
})

const deliberationRecord = define<'deliberation-record'>()({
  file: 'deliberation-record.json',
  context: Type.Object({
    issuer: IssuerNameContext,
    matter: Type.Object({ caseNumber: Text, title: Text }),
    hearing: Type.Object({ time: Text, place: Text }),
    deliberation: Type.Object({ time: Text, place: Text }),
    members: Text,
    recorder: Text,
    proposal: Text,
    opinions: rows({ number: Text, role: Text, name: Text, opinion: Text, vote: Text }),
    tally: Type.Object({ for: Text, against: Text, abstain: Text, voters: Text }),
    rules: Text,
    outcome: Type.Object({
      unanimous: Flag,
      majority: Flag,
      hostDecides: Flag,
      noMajority: Flag,
      majorityOpinion: Flag,
      hasNote: Flag,
      voteWord: Text,
      winning: Text,
      resultWord: Text,
      hostName: Text,
      why: Text
    }),
    conclusion: Text,
    dissent: rows({ name: Text, vote: Text, opinion: Text }),
    positions: Type.Object({ for: rows({ name: Text, opinion: Text }), against: rows({ name: Text, opinion: Text }), abstain: rows({ name: Text, opinion: Text }) }),
    signatories: RecordSignatoryRows,
    record: RecordContext
  }),
  build: (vm) => {
    const { outcome, rules } = vm
    const { tally } = outcome
    const host = vm.opinions.find((o) => o.role === 'host')
    const voting = vm.opinions.filter((o) => (o.role === 'officer' || rules.voters === 'panel') && o.vote !== undefined)
    const decided = outcome.result !== 'no_majority'
    const side: Vote | null = outcome.result === 'adopted' ? 'for' : outcome.result === 'rejected' ? 'against' : null
    const voteText = (o: (typeof vm.opinions)[number]) => {
      if (o.vote === undefined) return '不参加表决'
      const counted = o.role === 'officer' || rules.voters === 'panel'
      if (o.role === 'host' && outcome.basis === 'host_decides') return `${VOTE_LABELS[o.vote]}（决定票）`
      return counted ? VOTE_LABELS[o.vote] : `${VOTE_LABELS[o.vote]}（不计票）`
    }
    const position = (vote: Vote) => voting.filter((o) => o.vote === vote).map((o) => ({ name: `${ROLE_LABELS[o.role]}${o.name}`, opinion: o.opinion }))
    return {
      issuer: { name: vm.issuer.name },
      matter: { caseNumber: vm.matter.caseNumber, title: vm.matter.title },
      hearing: { time: formatTimeRange(vm.hearing.startsAt, vm.hearing.endsAt), place: vm.hearing.place },
      deliberation: { time: formatTimeRange(vm.deliberation.startsAt, vm.deliberation.endsAt), place: vm.deliberation.place },
      members: vm.opinions.map((o) => `${ROLE_LABELS[o.role]}${o.name}`).join('、'),
      recorder: personText(vm.recorder),
      proposal: vm.proposal,
      opinions: vm.opinions.map((o, i) => ({ number: String(i + 1), role: ROLE_LABELS[o.role], name: o.name, opinion: o.opinion, vote: voteText(o) })),
      tally: { for: String(tally.for), against: String(tally.against), abstain: String(tally.abstain), voters: String(tally.voters) },
      rules: `表决规则：${VOTER_RULES[rules.voters]}；${MAJORITY_RULES[rules.majority]}；${TIE_RULES[rules.tie]}。`,
      outcome: {
        unanimous: outcome.basis === 'unanimous',
        majority: outcome.basis === 'majority',
        hostDecides: outcome.basis === 'host_decides',
        noMajority: !decided,
        majorityOpinion: decided,
        hasNote: !decided && vm.conclusion.trim() !== '',
        voteWord: side ? VOTE_LABELS[side] : '',
        winning: side ? String(tally[side]) : '',
        resultWord: outcome.result === 'adopted' ? '获得通过' : outcome.result === 'rejected' ? '未获通过' : '',
        hostName: host?.name ?? '',
        why: outcome.basis === 'tie'
          ? `同意票与不同意票相等（各${tally.for}票）`
          : `同意票、不同意票均未超过${rules.majority === 'of_voters' ? '参加表决人数' : '两者之和'}的一半`
      },
      conclusion: vm.conclusion,
      dissent: side ? voting.filter((o) => o.vote !== side).map((o) => ({ name: o.name, vote: VOTE_LABELS[o.vote!], opinion: o.opinion })) : [],
      positions: { for: position('for'), against: position('against'), abstain: position('abstain') },
      signatories: signatories([
        ...vm.opinions.map((o): Signatory => ({ role: o.role, name: o.name })),
        { role: 'recorder', name: vm.recorder.name }
      ]),
      record: recordContext(vm.record)
    }
  }
})

const drawRecord = define<'draw-record'>()({
  file: 'draw-record.json',
  context: Type.Object({
    issuer: IssuerNameContext,
    matter: Type.Object({ caseNumber: Text, title: Text }),
    hearing: Type.Object({ time: Text, place: Text }),
    drawnAt: Text,
    poolName: Text,
    rules: Lines,
    eligibleCount: Text,
    excludedCount: Text,
    exclusionSummary: rows({ reason: Text, count: Text }),
    excluded: rows({ number: Text, name: Text, reason: Text }),
    algorithm: Text,
    poolSnapshotHash: Text,
    commitmentHash: Text,
    seed: Text,
    draws: rows({ round: Text, kind: Text, position: Text, name: Text, unit: Text }),
    declines: rows({ name: Text, reason: Text, time: Text, replacedBy: Text }),
    redraws: rows({ round: Text, time: Text, operator: Text, witness: Text, seats: Text, eligibleCount: Text, poolSnapshotHash: Text, commitmentHash: Text, seed: Text }),
    operator: Text,
    witness: Text,
    verifyWith: Text,
    signatories: SignatoryRows
  }),
  build: (vm) => {
    const reasons = new Map<string, number>()
    for (const e of vm.excluded) reasons.set(e.reason, (reasons.get(e.reason) ?? 0) + 1)
    for (const e of vm.excludedElsewhere) reasons.set(e.reason, (reasons.get(e.reason) ?? 0) + e.count)
    const elsewhere = vm.excludedElsewhere.reduce((sum, e) => sum + e.count, 0)
    const ROUND_KINDS = { initial: '首次抽取', redraw: '补充抽取', replacement: '候补递补' } as const
    const roundName = (r: { number: number, kind: keyof typeof ROUND_KINDS }) => `第${r.number}轮（${ROUND_KINDS[r.kind]}）`
    // a witness who saw a redraw signs for it too (once, if the same person saw several rounds)
    const witnesses = [...new Set(vm.redraws.map((d) => d.witness).filter((name) => name !== vm.witness.name && name !== '（无）'))]
    return {
      issuer: { name: vm.issuer.name },
      matter: { caseNumber: vm.matter.caseNumber, title: vm.matter.title },
      hearing: { time: formatTimeRange(vm.hearing.startsAt, vm.hearing.endsAt), place: vm.hearing.place },
      drawnAt: formatTimestamp(vm.drawnAt),
      poolName: vm.poolName,
      rules: vm.rules,
      eligibleCount: String(vm.eligibleCount),
      excludedCount: String(vm.excluded.length + elsewhere),
      exclusionSummary: [...reasons].map(([reason, count]) => ({ reason, count: String(count) })),
      excluded: [
        ...vm.excluded.map((e, i) => ({ number: String(i + 1), name: e.name, reason: e.reason })),
        ...vm.excludedElsewhere.map((e) => ({ number: '—', name: `其他区域人员 ${e.count} 名（不列姓名）`, reason: e.reason }))
      ],
      algorithm: vm.algorithm,
      poolSnapshotHash: vm.poolSnapshotHash,
      commitmentHash: vm.commitmentHash,
      seed: vm.seed,
      draws: vm.rounds.flatMap((r) => [
        // a round that drew nothing lists who then sat on the panel (在席), not as drawn
        ...r.picks.map((m) => ({ round: roundName(r), kind: r.kind === 'replacement' ? '在席' : '抽中', position: String(m.position), name: m.name, unit: m.unit ?? '' })),
        ...r.alternates.map((m) => ({ round: roundName(r), kind: '候补', position: String(m.position), name: m.name, unit: m.unit ?? '' }))
      ]),
      declines: vm.declines.map((d) => ({ name: d.name, reason: d.reason, time: formatTimestamp(d.at), replacedBy: d.replacedBy ?? '' })),
      redraws: vm.redraws.map((d) => ({
        round: roundName({ number: d.number, kind: 'redraw' }),
        time: formatTimestamp(d.at),
        operator: d.operator,
        witness: d.witness,
        seats: d.seats.length > 0 ? d.seats.map((n) => `第${n}席`).join('、') : '（谢绝时补抽）',
        eligibleCount: String(d.eligibleCount),
        poolSnapshotHash: d.poolSnapshotHash,
        commitmentHash: d.commitmentHash,
        seed: d.seed
      })),
      operator: personText(vm.operator),
      witness: personText(vm.witness),
      verifyWith: vm.verifyWith ?? '',
      signatories: [
        { role: '抽取操作人', name: vm.operator.name, refused: false, hostNote: '' },
        { role: '监督见证人', name: vm.witness.name, refused: false, hostNote: '' },
        ...witnesses.map((name) => ({ role: '监督见证人', name, refused: false, hostNote: '' }))
      ]
    }
  }
})

export const DOCUMENT_DEFINITIONS = {
  'rights-notice': rightsNotice,
  'hearing-notice-petitioner': petitionerNotice,
  'hearing-notice-respondent': respondentNotice,
  'member-invitation': memberInvitation,
  'service-receipt': serviceReceipt,
  minutes,
  'deliberation-record': deliberationRecord,
  'draw-record': drawRecord
} satisfies { [K in DocumentKind]: KindDefinition<K, TSchema> }
