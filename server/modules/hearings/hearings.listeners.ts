import type { Tx } from '../../../db/client.js'
import type { HearingChangeEvent } from './hearings.service.js'
import type { HearingPauseInput } from '../matters/matters.hearing-events.service.js'

type PauseRecorder = {
  recordHearingPause: (tx: Tx, input: HearingPauseInput) => unknown
  removeHearingPause: (tx: Tx, input: { matterId: number, hearingId: number }) => unknown
}

/**
 * Hearing time does not count towards the matter's limit where the ruleset says so (复核, S1b, S2b):
 * from the day the hearing was scheduled to the day it concluded or was terminated. A cancelled hearing
 * gives its time back.
 */
export function hearingTimePauses (matters: PauseRecorder) {
  return (tx: Tx, event: HearingChangeEvent) => {
    if (event.kind !== 'transition') return
    const { hearing } = event
    if (hearing.status === 'concluded' || hearing.status === 'terminated') {
      matters.recordHearingPause(tx, { matterId: hearing.matterId, from: hearing.createdAt, to: hearing.updatedAt, hearingId: hearing.id, actor: event.actor })
    } else if (hearing.status === 'cancelled') {
      matters.removeHearingPause(tx, { matterId: hearing.matterId, hearingId: hearing.id })
    }
  }
}
