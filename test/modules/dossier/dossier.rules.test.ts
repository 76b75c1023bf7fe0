import { describe, expect, test } from 'vitest'
import { named, officersOf } from '../../../server/modules/dossier/dossier.rules.js'

describe('dossier rules', () => {
  test('a member is printed with their unit when they have one; a seat not yet filled is 待定', () => {
    expect(named({ name: '王明', unit: '滨海市律师协会' })).toEqual({ name: '王明', unit: '滨海市律师协会' })
    expect(named({ name: '王明', unit: null })).toEqual({ name: '王明' })
    expect(named(undefined)).toEqual({ name: '（待定）' })
  })

  test('officers are the active officer seats in rank order, names and units only', () => {
    const seat = (id: number, memberId: number | null, rank: number | null, kind = 'officer', active = true) => ({ id, memberId, rank, kind, active })
    const rows = {
      participants: [seat(1, 12, 2), seat(2, 11, 1), seat(3, 13, 3, 'alternate'), seat(4, 14, 4, 'officer', false), seat(5, null, 5)],
      members: new Map([11, 12, 13, 14].map((id) => [id, { id, name: `成员${id}`, title: null, unit: id === 11 ? '某单位' : null }]))
    }
    expect(officersOf(rows).map((m) => m.name)).toEqual(['成员11', '成员12'])
  })
})
