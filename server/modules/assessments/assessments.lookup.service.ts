import type { DbOrTx } from '../../../db/client.js'
import { effectiveRulesetForPath } from '../rulesets/rulesets.service.js'
import * as repo from './assessments.repository.js'
import { averagesOf, standingOf } from './assessments.rules.js'

// The reads other modules make of assessments, inside their own transaction (the pool's member view and renewal,
// given by the composition root).

/** A member's assessment average against the threshold of the ruleset in force in their home region. */
export function assessmentStandingOf (db: DbOrTx, member: { id: number, regionPath: string }) {
  const rules = effectiveRulesetForPath(db, member.regionPath).config.officerAssessment
  return standingOf(averagesOf(repo.assessmentsOfMember(db, member.id)), rules)
}
