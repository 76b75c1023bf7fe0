/*
 * Database rows → the typed view-models of server/modules/documents. Pure, and built field by field: a notice to
 * the petitioner or the respondent copies only name and unit of panel members, an invitation to a member copies only
 * the petitioner's name, so a phone or an ID number cannot reach the wrong reader even if a row carries one.
 */
import type { Hearing } from '../../../db/schema/index.js'
import type {
  DocumentNumber, DrawRecordViewModel, DrawnMember, HandlingStage, Issuer, MemberInvitationViewModel,
  PetitionerHearingNoticeViewModel, Publicity, RespondentHearingNoticeViewModel, RightsNoticeViewModel, ServiceReceiptViewModel
} from '../documents/documents.view-models.js'
import type { DrawRecord } from '../draw/draw.types.js'
import { isForeignExclusion, storedExclusions } from '../draw/draw.eligibility.js'
import { seatsOf } from '../draw/draw.algorithm.js'
import { canonicalJson } from '../../common/canonical-json.js'
import { sha256Hex } from '../../common/hash.js'
import type { HearingDocumentRows } from '../dossier/dossier.service.js'
import { named, officersOf } from '../dossier/dossier.rules.js'

const DAY = 24 * 3600_000

export const LEGAL_BASIS = '《信访工作条例》和本省信访事项听证办法'
export const APPLY_WITHIN_DAYS = 10

export const PETITIONER_MATERIALS = ['本人居民身份证或其他有效身份证件', '与信访事项有关的证据材料及其复印件', '委托代理人参加的，提交授权委托书和代理人身份证件']
export const RESPONDENT_MATERIALS = ['书面答复意见', '作出处理意见的事实、证据和政策法律依据', '出席人员的身份证明和授权委托书']

type MemberInfo = { name: string, unit: string | null }

const STAGES: Record<string, HandlingStage> = { handling: 'handling', review: 'review', reReview: 're_review' }

/** A Shanghai calendar date (YYYY-MM-DD) as the instant of its start. */
export function shanghaiDate (day: string) {
  return new Date(`${day}T00:00:00+08:00`)
}

function publicity (hearing: Hearing): Publicity {
  return hearing.isPublic ? { isPublic: true } : { isPublic: false, reason: hearing.nonPublicReason ?? '涉及个人隐私' }
}

type PartyRows = { matter: Pick<HearingDocumentRows['matter'], 'petitionerKind' | 'groupName'>, petitioners: readonly { name: string }[] }

function petitionerName (rows: PartyRows) {
  if (rows.matter.petitionerKind === 'group' && rows.matter.groupName) return rows.matter.groupName
  return rows.petitioners.map((p) => p.name).join('、') || '（未登记）'
}

function place (rows: HearingDocumentRows) {
  return `${rows.venue.name}（${rows.venue.address}）`
}

type Common = { hearing: Hearing, rows: HearingDocumentRows, issuer: Issuer, number: DocumentNumber, issuedAt: Date }

export function rightsNotice ({ rows, issuer, number, issuedAt }: Common): RightsNoticeViewModel {
  return stageRightsNotice({ matter: rows.matter, petitioners: rows.petitioners, stage: rows.stage, issuer, number, issuedAt })
}

/** 听证权利告知书 for a matter's stage, with or without a hearing: the stage's acceptance is the date received. */
export function stageRightsNotice ({ matter, petitioners, stage, issuer, number, issuedAt }: {
  matter: PartyRows['matter'] & { number: string, title: string }
  petitioners: PartyRows['petitioners']
  stage: { stage: string, acceptedOn: string } | undefined
  issuer: Issuer
  number: DocumentNumber
  issuedAt: Date
}): RightsNoticeViewModel {
  return {
    documentNumber: number,
    issuer,
    issuedAt,
    petitioner: { name: petitionerName({ matter, petitioners }) },
    matter: { caseNumber: matter.number, title: matter.title, receivedAt: shanghaiDate(stage?.acceptedOn ?? '1970-01-01') },
    stage: STAGES[stage?.stage ?? 'handling'] ?? 'handling',
    legalBasis: LEGAL_BASIS,
    applyWithinDays: APPLY_WITHIN_DAYS
  }
}

export function petitionerNotice ({ hearing, rows, issuer, number, issuedAt }: Common): PetitionerHearingNoticeViewModel {
  return {
    documentNumber: number,
    issuer,
    issuedAt,
    petitioner: { name: petitionerName(rows) },
    matter: { caseNumber: rows.matter.number, title: rows.matter.title, summary: rows.matter.summary },
    hearing: { startsAt: hearing.startsAt, endsAt: hearing.endsAt, place: place(rows), publicity: publicity(hearing) },
    host: named(rows.members.get(hearing.hostMemberId)),
    officers: officersOf(rows).map(named),
    recorder: named(rows.members.get(hearing.recorderMemberId)),
    materialsToBring: PETITIONER_MATERIALS,
    agentDeadline: new Date(hearing.startsAt.getTime() - 3 * DAY)
  }
}

export function respondentNotice ({ hearing, rows, issuer, number, issuedAt }: Common, mainIssues: string[] | undefined): RespondentHearingNoticeViewModel {
  return {
    documentNumber: number,
    issuer,
    issuedAt,
    respondent: { name: rows.respondent.name },
    petitioner: { name: petitionerName(rows) },
    matter: { caseNumber: rows.matter.number, title: rows.matter.title, summary: rows.matter.summary },
    hearing: { startsAt: hearing.startsAt, endsAt: hearing.endsAt, place: place(rows), publicity: publicity(hearing) },
    host: named(rows.members.get(hearing.hostMemberId)),
    officers: officersOf(rows).map(named),
    recorder: named(rows.members.get(hearing.recorderMemberId)),
    mainIssues: mainIssues && mainIssues.length > 0 ? mainIssues : [`${rows.matter.title}所涉事实是否清楚`, '原处理意见的政策法律依据是否充分'],
    mustAttend: ['原信访事项承办人', '熟悉情况的单位负责人'],
    materialsToBring: RESPONDENT_MATERIALS,
    submitBy: new Date(hearing.startsAt.getTime() - 3 * DAY)
  }
}

export function memberInvitation ({ hearing, rows, issuer, number, issuedAt }: Common, member: { name: string, role: 'host' | 'officer' }): MemberInvitationViewModel {
  return {
    documentNumber: number,
    issuer,
    issuedAt,
    member: { name: member.name, role: member.role },
    matter: { caseNumber: rows.matter.number, title: rows.matter.title, summary: rows.matter.summary },
    petitioner: { name: petitionerName(rows) },
    respondent: { name: rows.respondent.name },
    hearing: { startsAt: hearing.startsAt, endsAt: hearing.endsAt, place: place(rows) },
    replyBy: new Date(Math.min(issuedAt.getTime() + 3 * DAY, hearing.startsAt.getTime() - DAY))
  }
}

export function serviceReceipt ({ issuer }: { issuer: Issuer }, recipient: { name: string, address: string | null }, served: { title: string, number: string | null }[]): ServiceReceiptViewModel {
  return {
    issuer,
    recipient: { name: recipient.name },
    address: recipient.address ?? '（由送达人填写）',
    served: served.map((s) => ({ title: s.title, number: s.number ?? '' }))
  }
}

/**
 * Who took the seat a member left in round `index` when no alternate could: the member the first later redraw
 * round drew into that seat (none while it is still open, or for someone who held no seat).
 */
function filledLater (record: DrawRecord, index: number, memberId: number): number | undefined {
  const seat = seatsOf(record.rounds[index - 1]!.panel).indexOf(memberId) + 1
  if (seat === 0) return undefined
  for (const later of record.rounds.slice(index + 1)) {
    const k = later.fillsSeats?.indexOf(seat) ?? -1
    if (k >= 0 && later.draw) return later.draw.official[k]
  }
  return undefined
}

/** 抽取记录表 from the stored rounds: names looked up, exclusions with their reasons, how to re-run it. */
export function drawRecord ({ hearing, rows, issuer }: Pick<Common, 'hearing' | 'rows' | 'issuer'>, record: DrawRecord, names: Map<number, MemberInfo>, verifyWith: string): DrawRecordViewModel {
  const nameOf = (id: number) => names.get(id)?.name ?? `编号${id}`
  const member = (id: number, i: number): DrawnMember => {
    const m = names.get(id)
    return m?.unit ? { position: i + 1, name: m.name, unit: m.unit } : { position: i + 1, name: nameOf(id) }
  }
  const first = rows.draws.find((d) => d.record.kind === 'round')!
  const storedEligible = first.record.eligibleCount
  const initial = record.rounds[0]!.draw!
  const spec = initial.spec
  const rules = [
    `适用规则：${hearing.rulesetLabel}（指纹 ${hearing.rulesetFingerprint.slice(0, 16)}）`,
    `正式听证员${spec.seats}名，候补${spec.alternates}名${spec.localFirst ? '，本区域人员优先' : ''}`,
    ...spec.rules.map((r) => `组成要求：${r.label}，至少${r.min}名`)
  ]
  const declines = record.rounds.flatMap((r, i) => {
    if (r.kind !== 'replacement') return []
    const row = rows.draws.find((d) => d.round === r.round)
    return r.exclude.map((id) => {
      const promoted = r.promotions.find((p) => p.vacated === id)?.promoted ?? filledLater(record, i, id)
      const base = { name: nameOf(id), reason: r.reason ?? '未说明', at: row?.createdAt ?? first.createdAt }
      return promoted === undefined ? base : { ...base, replacedBy: nameOf(promoted) }
    })
  })
  const exclusions = storedExclusions(first.record)
  const reasonText = (g: { reasons: { message: string }[] }) => g.reasons.map((x) => x.message).join('；')
  // every round that drew (the first, and each witnessed redraw of open seats) has its own candidate list,
  // commitment, seed and witness: a redraw is checked against its own, not the first round's
  const redraws = record.rounds.slice(1).flatMap((r) => {
    if (r.draw === null) return []
    const row = rows.draws.find((d) => d.round === r.round)
    const eligible = row?.record.kind === 'round' ? row.record.eligibleCount : undefined
    return [{
      number: r.round,
      at: row?.createdAt ?? first.createdAt,
      operator: row?.operatorName ?? first.operatorName,
      witness: row?.witnessName ?? '（无）',
      seats: r.fillsSeats ?? [],
      eligibleCount: typeof eligible === 'number' ? eligible : r.draw.spec.candidates.length,
      poolSnapshotHash: sha256Hex(canonicalJson(r.draw.spec.candidates)),
      commitmentHash: r.draw.commitment,
      seed: r.draw.seed
    }]
  })
  return {
    issuer: { name: issuer.name },
    matter: { caseNumber: rows.matter.number, title: rows.matter.title },
    hearing: { startsAt: hearing.startsAt, endsAt: hearing.endsAt, place: place(rows) },
    drawnAt: first.createdAt,
    poolName: `${rows.matter.regionId === hearing.regionId ? '本区域' : ''}听证员库`,
    rules,
    eligibleCount: typeof storedEligible === 'number' ? storedEligible : spec.candidates.length,
    // the region's own members by name; those of other regions who may not be drawn here counted by reason, never
    // listed (a township's record would otherwise run to thousands of rows from a city pool, and name no one anyway)
    excluded: exclusions.filter((g) => !isForeignExclusion(g)).flatMap((g) => g.memberIds.map((id) => ({ name: nameOf(id), reason: reasonText(g) }))),
    excludedElsewhere: exclusions.filter(isForeignExclusion).map((g) => ({ reason: reasonText(g), count: g.memberIds.length })),
    algorithm: record.algorithmVersion,
    poolSnapshotHash: sha256Hex(canonicalJson(spec.candidates)),
    commitmentHash: initial.commitment,
    seed: initial.seed,
    rounds: record.rounds.map((r, i) => {
      const number = r.round
      if (i === 0) return { number, kind: 'initial', picks: r.panel.official.map(member), alternates: r.panel.alternates.map(member) }
      // a witnessed redraw lists whom it drew, each at the seat filled, and the alternates it added
      const seats = r.fillsSeats
      if (r.draw !== null && seats) return { number, kind: 'redraw', picks: r.draw.official.map((id, k) => ({ ...member(id, k), position: seats[k]! })), alternates: r.draw.alternates.map(member) }
      // a round that only promoted (or a v1 redraw inside a decline) lists the panel as it then stood, by seat (an open seat is left out)
      const seated = seatsOf(r.panel).flatMap((id, seat) => (id === null ? [] : [{ ...member(id, seat), position: seat + 1 }]))
      return { number, kind: r.draw !== null ? 'redraw' : 'replacement', picks: seated, alternates: r.panel.alternates.map(member) }
    }),
    declines,
    redraws,
    operator: { name: first.operatorName },
    witness: { name: first.witnessName ?? '（无）' },
    verifyWith
  }
}
