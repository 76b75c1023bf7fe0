/*
 * Pure rules of the minutes and the deliberation record: who must sign, how votes count, what keeps a record from
 * being final, what a finalised version's hash covers, whether a final version's file was ever frozen.
 */
import type { Hearing } from '../../../db/schema/index.js'
import type { DeliberationOutcome, DeliberationRules, SpeakerRole, Vote, VoteTally } from '../documents/documents.view-models.js'
import { hearingRuleset } from '../rulesets/rulesets.config.js'
import { canonicalJson } from '../../common/canonical-json.js'
import { sha256Hex } from '../../common/hash.js'
import type { HearingDocumentRows } from '../dossier/dossier.service.js'
import { officersOf } from '../dossier/dossier.rules.js'
import type { DeliberationContent, MinutesContent, Opinion } from './minutes.types.js'

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

/** Minutes are taken while the hearing runs and completed (signed, finalised) after it ends. */
export const RECORDING_STATUSES: readonly Hearing['status'][] = ['in_session', 'suspended', 'concluded']

/** The voting rules a deliberation is counted under: those recorded with it, else the hearing's ruleset's. */
export function deliberationRules (hearing: Hearing, content: DeliberationContent): DeliberationRules {
  return content.rules ?? hearingRuleset(hearing.ruleset).deliberation
}

/** The host and the seated officers, as the deliberation lists them. */
export function panelOf (hearing: Hearing, rows: HearingDocumentRows): { name: string, role: 'host' | 'officer' }[] {
  const host = rows.members.get(hearing.hostMemberId)
  return [...(host ? [{ name: host.name, role: 'host' as const }] : []), ...officersOf(rows).map((o) => ({ name: o.name, role: 'officer' as const }))]
}

/** What keeps a deliberation from being final: missing fields, panel members without an opinion or a vote, strangers. */
export function deliberationProblems (hearing: Hearing, rows: HearingDocumentRows, content: DeliberationContent): string[] {
  const rules = deliberationRules(hearing, content)
  const panel = panelOf(hearing, rows)
  const outcome = deliberationOutcome(content.opinions, rules)
  return [
    content.proposal.trim() === '' ? '未填写评议事项' : null,
    content.opinions.length === 0 ? '未记录听证员意见' : null,
    ...content.opinions.filter((o) => !panel.some((p) => p.name === o.name && p.role === o.role)).map((o) => `${o.name}不是本场听证的${o.role === 'host' ? '主持人' : '听证员'}`),
    ...panel.filter((p) => countsAsVote(p, rules) && !content.opinions.some((o) => o.name === p.name && o.role === p.role)).map((p) => `未记录${p.name}的意见和表决`),
    ...content.opinions.filter((o) => countsAsVote(o, rules) && o.vote === undefined).map((o) => `未记录${o.name}的表决`),
    outcome.result !== 'no_majority' && content.conclusion.trim() === '' ? '未填写评议结论' : null
  ].filter((p): p is string => p !== null)
}

/** A final version from before files were stored with it: nothing of the file recorded (not even in part). */
export const neverFrozen = (s: { bytes: Buffer | null, sha256: string | null, byteSize: number | null }) => s.bytes === null && s.sha256 === null && s.byteSize === null
