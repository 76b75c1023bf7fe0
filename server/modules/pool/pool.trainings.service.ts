import type { Db } from '../../../db/client.js'
import { writeTransaction } from '../../../db/client.js'
import type { Clock } from '../../common/clock.js'
import type { Actor } from '../../common/actor.js'
import { recordAudit } from '../audit/audit.recorder.js'
import * as repo from './pool.repository.js'
import { chinaToday } from './pool.rules.js'
import { assertNoFailures, bulkRows, requireWritable } from './pool.guards.js'
import type { BulkFailure, BulkTrainingInput } from './pool.types.js'
import * as errors from './pool.errors.js'

// Trainings of members, one or many (the trained-host filter reads the latest one).

export function createPoolTrainingsService ({ db, clock }: { db: Db, clock: Clock }) {
  const today = () => chinaToday(clock.now())

  return {
    /** Records one training for the listed members, all or none (a member who already has it on that date is reported). */
    bulkTrain (actor: Actor, input: BulkTrainingInput) {
      return writeTransaction(db, (tx) => {
        if (input.trainedOn > today()) throw errors.invalidDate({ errors: [{ in: 'body', field: 'trainedOn', message: '培训日期不能晚于今天' }] })
        const course = input.course.trim()
        const rows = bulkRows(tx, actor, input.memberIds)
        const failures: BulkFailure[] = [...rows.failures]
        for (const row of rows.found) {
          if (repo.trainingsOf(tx, row.member.id).some((t) => t.course === course && t.trainedOn === input.trainedOn)) {
            failures.push({ memberId: row.member.id, code: 'pool.training_duplicate', message: `${row.member.name}：已有 ${input.trainedOn}“${course}”的培训记录` })
          }
        }
        assertNoFailures(failures, '登记培训')
        const now = clock.now()
        return rows.found.map((row) => {
          const training = repo.insertTraining(tx, {
            memberId: row.member.id, course, trainedOn: input.trainedOn, hours: input.hours, certificateNo: input.certificateNo ?? null, provider: input.provider ?? null, createdAt: now
          })
          recordAudit(tx, { actor, at: now, action: 'member.training_add', entityType: 'member', entityId: row.member.id, regionPath: row.regionPath, after: { training, bulk: true } })
          return { member: repo.findMember(tx, row.member.id)!, training }
        })
      })
    },

    addTraining (actor: Actor, memberId: number, input: { course: string, trainedOn: string, hours: number, certificateNo?: string | null | undefined, provider?: string | null | undefined }) {
      return writeTransaction(db, (tx) => {
        const row = requireWritable(tx, actor, memberId)
        if (input.trainedOn > today()) throw errors.invalidDate({ errors: [{ in: 'body', field: 'trainedOn', message: '培训日期不能晚于今天' }] })
        const now = clock.now()
        const training = repo.insertTraining(tx, {
          memberId,
          course: input.course.trim(),
          trainedOn: input.trainedOn,
          hours: input.hours,
          certificateNo: input.certificateNo ?? null,
          provider: input.provider ?? null,
          createdAt: now
        })
        recordAudit(tx, { actor, at: now, action: 'member.training_add', entityType: 'member', entityId: memberId, regionPath: row.regionPath, after: { training } })
        return training
      })
    },

    removeTraining (actor: Actor, memberId: number, trainingId: number) {
      writeTransaction(db, (tx) => {
        const row = requireWritable(tx, actor, memberId)
        const training = repo.findTraining(tx, memberId, trainingId)
        if (!training) throw errors.trainingNotFound({ trainingId })
        repo.deleteTraining(tx, memberId, trainingId)
        recordAudit(tx, { actor, at: clock.now(), action: 'member.training_remove', entityType: 'member', entityId: memberId, regionPath: row.regionPath, before: { training } })
      })
    }
  }
}
