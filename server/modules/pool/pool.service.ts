import type { Db } from '../../../db/client.js'
import type { Clock } from '../../common/clock.js'
import { createPoolMembersService, type LinkedAccountOf } from './pool.members.service.js'
import { createPoolLifecycleService } from './pool.lifecycle.service.js'
import { createPoolTrainingsService } from './pool.trainings.service.js'
import { createPoolUnavailabilityService } from './pool.unavailability.service.js'
import { createPoolVocabularyService } from './pool.vocabulary.service.js'
import { createPoolSettingsService } from './pool.settings.service.js'
import { createPoolCoverageService } from './pool.coverage.service.js'
import type { AssessmentStandingOf } from './pool.types.js'

export type PoolService = ReturnType<typeof createPoolService>

/** The pool's use cases as one service: members, lifecycle, trainings, unavailability, vocabulary, settings, coverage. */
export function createPoolService ({ db, clock, linkedAccountOf, assessmentStandingOf }: { db: Db, clock: Clock, linkedAccountOf: LinkedAccountOf, assessmentStandingOf?: AssessmentStandingOf }) {
  const members = createPoolMembersService({ db, clock, linkedAccountOf, assessmentStandingOf })
  return {
    ...members,
    ...createPoolLifecycleService({ db, clock, memberDetail: members.get }),
    ...createPoolTrainingsService({ db, clock }),
    ...createPoolUnavailabilityService({ db, clock }),
    ...createPoolVocabularyService({ db, clock }),
    ...createPoolSettingsService({ db, clock }),
    ...createPoolCoverageService({ db, clock })
  }
}
