import type { Db } from '../../../db/client.js'
import { writeTransaction } from '../../../db/client.js'
import type { VocabularyKind } from '../../../db/schema/enums.js'
import type { Clock } from '../../common/clock.js'
import type { Actor } from '../../common/actor.js'
import { versionConflict } from '../../errors.js'
import { recordAudit } from '../audit/audit.recorder.js'
import * as repo from './pool.repository.js'
import * as errors from './pool.errors.js'

// The administrator-kept lists of professions and specialties members are tagged with.

export function createPoolVocabularyService ({ db, clock }: { db: Db, clock: Clock }) {
  return {
    listVocabulary (kind?: VocabularyKind) {
      return repo.listVocabulary(db, kind)
    },

    createTerm (actor: Actor, input: { kind: VocabularyKind, code: string, label: string, sortOrder?: number | undefined, active?: boolean | undefined }) {
      return writeTransaction(db, (tx) => {
        const label = input.label.trim()
        if (repo.findTermByCode(tx, input.kind, input.code) || repo.findTermByLabel(tx, input.kind, label)) throw errors.vocabularyDuplicate({ kind: input.kind })
        const now = clock.now()
        const term = repo.insertTerm(tx, { kind: input.kind, code: input.code, label, sortOrder: input.sortOrder ?? 500, active: input.active ?? true, createdAt: now, updatedAt: now })
        recordAudit(tx, { actor, at: now, action: 'pool_vocabulary.create', entityType: 'pool_vocabulary', entityId: term.id, after: term })
        return term
      })
    },

    updateTerm (actor: Actor, id: number, input: { label?: string | undefined, active?: boolean | undefined, sortOrder?: number | undefined, version?: number | undefined }) {
      return writeTransaction(db, (tx) => {
        const before = repo.findTerm(tx, id)
        if (!before) throw errors.vocabularyNotFound({ termId: id })
        if (input.version !== undefined && input.version !== before.version) throw versionConflict({ currentVersion: before.version })
        const label = input.label?.trim() ?? before.label
        const clash = repo.findTermByLabel(tx, before.kind, label)
        if (clash && clash.id !== id) throw errors.vocabularyDuplicate({ kind: before.kind })
        const now = clock.now()
        const after = repo.updateTerm(tx, id, { label, active: input.active ?? before.active, sortOrder: input.sortOrder ?? before.sortOrder, version: before.version + 1, updatedAt: now })
        recordAudit(tx, { actor, at: now, action: 'pool_vocabulary.update', entityType: 'pool_vocabulary', entityId: id, before, after })
        return after
      })
    },

  }
}
