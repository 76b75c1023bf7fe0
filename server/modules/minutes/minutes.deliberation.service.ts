import type { Db } from '../../../db/client.js'
import type { Actor } from '../../common/actor.js'
import type { HearingsService } from '../hearings/hearings.service.js'
import type { DeliberationOutcome, DeliberationRules, Vote } from '../documents/documents.view-models.js'
import { hearingRuleset, type SourceRef } from '../rulesets/rulesets.config.js'
import { effectiveDocumentSettings, hearingDocumentRows } from '../dossier/dossier.service.js'
import { countsAsVote, deliberationOutcome, deliberationRules, panelOf } from './minutes.rules.js'
import { dissentOf, outcomeStatement } from './minutes.deliberation.rules.js'
import * as repo from './minutes.repository.js'

export type DeliberationTally = {
  rules: DeliberationRules
  /** Where each voting rule comes from: the hearing's ruleset's source of the value (null when it has none). */
  sources: Record<keyof DeliberationRules, SourceRef | null>
  /** Who deliberates: the host and the seated officers, and whether each one's vote counts under the rules. */
  panel: { name: string, role: 'host' | 'officer', votes: boolean }[]
  outcome: DeliberationOutcome
  statement: string
  /** Who voted against the side that carried (the record's 不同意见); empty when no majority was formed. */
  dissent: { name: string, role: 'host' | 'officer' }[]
  /** Whether finalising needs a conclusion (a majority was formed, or the host decided a tie). */
  conclusionRequired: boolean
}

/**
 * The tally of a deliberation as it would be counted, without saving: for the deliberation page, which shows it
 * while the votes are entered. The rules are those recorded with the current record, else the hearing's ruleset's.
 */
export function createDeliberationService ({ db, hearings }: { db: Db, hearings: HearingsService }) {
  return {
    tally (actor: Actor, hearingId: number, votes: readonly { name: string, role: 'host' | 'officer', vote?: Vote | undefined }[]): DeliberationTally {
      const { hearing, regionPath } = hearings.requireHearing(db, actor, hearingId)
      const rows = hearingDocumentRows(db, hearing)
      const current = repo.latestVersionOf(db, hearingId, 'deliberation')
      const ruleset = hearingRuleset(hearing.ruleset)
      const rules = current ? deliberationRules(hearing, current.content) : ruleset.deliberation
      const opinions = votes.map((v) => ({ name: v.name, role: v.role, opinion: '', ...(v.vote ? { vote: v.vote } : {}) }))
      const outcome = deliberationOutcome(opinions, rules)
      const host = rows.members.get(hearing.hostMemberId)
      const source = (key: keyof DeliberationRules) => ruleset.sources[`deliberation.${key}`] ?? null
      return {
        rules: { ...rules },
        sources: { voters: source('voters'), majority: source('majority'), tie: source('tie') },
        panel: panelOf(hearing, rows).map((p) => ({ ...p, votes: countsAsVote(p, rules) })),
        outcome,
        dissent: dissentOf(opinions, outcome, rules),
        statement: outcomeStatement(outcome, rules, host?.name ?? '', effectiveDocumentSettings(db, regionPath).issuerName),
        conclusionRequired: outcome.result !== 'no_majority'
      }
    }
  }
}
