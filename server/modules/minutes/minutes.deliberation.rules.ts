/*
 * What a deliberation's tally says, in words: the names of its result and basis, and the sentence the record prints
 * about it (templates/documents/deliberation-record.json, sections 三 and 四, without the conclusion the panel writes).
 * The deliberation page shows these while the votes are entered, so the browser never counts votes itself.
 */
import type { DeliberationOutcome, DeliberationRules, Vote } from '../documents/documents.view-models.js'
import { VOTE_LABELS } from '../documents/documents.kinds.js'
import { countsAsVote } from './minutes.rules.js'

export const OUTCOME_RESULT_NAMES: Record<DeliberationOutcome['result'], string> = {
  adopted: '获得通过',
  rejected: '未获通过',
  no_majority: '未形成多数意见'
}

export const OUTCOME_BASIS_NAMES: Record<DeliberationOutcome['basis'], string> = {
  unanimous: '一致意见',
  majority: '多数意见',
  host_decides: '票数相等，以主持人意见为评议意见',
  tie: '票数相等',
  short_of_majority: '未过半数'
}

/**
 * The sentence of the record about the tally: unanimous, by majority, decided by the host on a tie, or no majority
 * (then the opinions go to the hearing organ, `organ`). Before any vote is counted it says so.
 */
export function outcomeStatement (outcome: DeliberationOutcome, rules: DeliberationRules, hostName: string, organ: string): string {
  const { tally } = outcome
  if (tally.voters === 0) return '尚未记录参加表决人员的表决意见'
  const side: Vote | null = outcome.result === 'adopted' ? 'for' : outcome.result === 'rejected' ? 'against' : null
  const resultWord = OUTCOME_RESULT_NAMES[outcome.result]
  if (side && outcome.basis === 'unanimous') return `参加表决的${tally.voters}人一致${VOTE_LABELS[side]}评议事项，评议事项${resultWord}`
  if (side && outcome.basis === 'majority') return `按照少数服从多数的原则，评议事项以${VOTE_LABELS[side]}${tally[side]}票${resultWord}`
  if (side) return `同意票与不同意票相等（各${tally.for}票），按照表决规则以主持人${hostName}所持的${VOTE_LABELS[side]}意见为评议意见，评议事项${resultWord}`
  const why = outcome.basis === 'tie'
    ? `同意票与不同意票相等（各${tally.for}票）`
    : `同意票、不同意票均未超过${rules.majority === 'of_voters' ? '参加表决人数' : '两者之和'}的一半`
  return `${why}，未形成多数意见，各方意见如实记录，提请${organ}研究决定`
}

/** The counted voters who did not vote for the side that carried (as the record's 不同意见 lists them); none without a majority. */
export function dissentOf (opinions: readonly { name: string, role: 'host' | 'officer', vote?: Vote }[], outcome: DeliberationOutcome, rules: DeliberationRules) {
  const side: Vote | null = outcome.result === 'adopted' ? 'for' : outcome.result === 'rejected' ? 'against' : null
  if (side === null) return []
  return opinions.filter((o) => countsAsVote(o, rules) && o.vote !== undefined && o.vote !== side).map((o) => ({ name: o.name, role: o.role }))
}
