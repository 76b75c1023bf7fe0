import { describe, expect, test } from 'vitest'
import iconv from 'iconv-lite'
import {
  EFFECTIVE_STATUSES, MEMBER_ACTIONS, TRANSITIONS, addYears, allowedActions, chinaDayStart, chinaToday, defaultTermEnd,
  effectiveStatus, idCheckCharacter, isIsoDate, isTrainedHost, looksLikeFormula, nextStatus, normaliseMobile, parseIdNumber
} from '../../../server/modules/pool/pool.rules.js'
import { organisationMatches, organisationNameKey, organisationNamed } from '../../../server/modules/organisations/organisations.rules.js'
import { decodeCsv } from '../../../server/modules/pool/pool.spreadsheet.read.js'
import { safeCellText } from '../../../server/modules/pool/pool.spreadsheet.write.js'
import { parseLooseDate } from '../../../server/modules/pool/pool.import.rows.js'

describe('resident ID numbers (GB 11643 check character)', () => {
  test('the check character is the weighted sum mod 11 mapped through 10X98765432', () => {
    // worked by hand: 1·7+1·9+0·10+1·5+0·8+5·4+1·2+9·1+4·6+9·3+1·7+2·9+3·10+1·5+0·8+0·4+2·2 = 167, 167 mod 11 = 2 → 'X'
    expect(idCheckCharacter('11010519491231002')).toBe('X')
    expect(idCheckCharacter('37010219800101001')).toBe('5')
  })

  test('valid numbers are accepted, upper-cased, and give the birth date and sex they encode', () => {
    expect(parseIdNumber('11010519491231002x', '2026-11-28')).toEqual({ ok: true, idNumber: '11010519491231002X', birthDate: '1949-12-31', gender: 'female' })
    expect(parseIdNumber(' 370102198001010015 ', '2026-11-28')).toEqual({ ok: true, idNumber: '370102198001010015', birthDate: '1980-01-01', gender: 'male' })
  })

  test.each([
    ['110105194912310021', '校验位'],
    ['370102198001010016', '校验位'],
    ['37010219800101001', '18位'],
    ['3701021980010100151', '18位'],
    ['37010219800101001A', '18位'],
    ['370102800101001', '15位'],
    ['990102198001010011', '地址码'],
    ['370102198002300016', '出生日期'],
    ['370102203001010011', '出生日期']
  ])('%s is refused (%s)', (id, reason) => {
    const result = parseIdNumber(id, '2026-11-28')
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.reason).toContain(reason)
  })
})

describe('mobile numbers, dates and formula-like values', () => {
  test.each([
    ['13800138000', '13800138000'],
    ['138 0013 8000', '13800138000'],
    ['+86 138-0013-8000', '13800138000'],
    ['008613800138000', '13800138000'],
    ['12800138000', null],
    ['1380013800', null],
    ['0531-88888888', null]
  ])('%s → %s', (raw, expected) => {
    expect(normaliseMobile(raw)).toBe(expected)
  })

  test('calendar dates are checked for existence; loose spreadsheet forms are normalised', () => {
    expect(isIsoDate('2028-02-29')).toBe(true)
    expect(isIsoDate('2027-02-29')).toBe(false)
    expect(isIsoDate('2026-13-01')).toBe(false)
    expect(parseLooseDate('2026/3/1')).toBe('2026-03-01')
    expect(parseLooseDate('2026年3月1日')).toBe('2026-03-01')
    expect(parseLooseDate('20260301')).toBe('2026-03-01')
    expect(parseLooseDate('2026-02-30')).toBeNull()
  })

  test('China dates: today after 16:00 UTC is already tomorrow in China; a day starts at 00:00 +08:00', () => {
    expect(chinaToday(new Date('2026-11-28T15:59:59Z'))).toBe('2026-11-28')
    expect(chinaToday(new Date('2026-11-28T16:00:00Z'))).toBe('2026-11-29')
    expect(chinaDayStart('2026-12-01').toISOString()).toBe('2026-11-30T16:00:00.000Z')
  })

  test('a two-year term ends the day before the anniversary; 29 February is handled', () => {
    expect(defaultTermEnd('2026-03-01', 2)).toBe('2028-02-29')
    expect(defaultTermEnd('2026-11-01', 2)).toBe('2028-10-31')
    expect(addYears('2028-02-29', 1)).toBe('2029-02-28')
  })

  test('values a spreadsheet would execute are recognised and neutralised on export', () => {
    for (const v of ['=1+2', '+cmd', '-2+3', '@SUM(A1)', '\t=x']) {
      expect(looksLikeFormula(v)).toBe(true)
      expect(safeCellText(v)).toBe(`'${v}`)
    }
    expect(looksLikeFormula('张伟')).toBe(false)
    expect(safeCellText('张伟')).toBe('张伟')
  })

  test('CSV bytes: UTF-8 with and without BOM, else GBK', () => {
    const text = '姓名,身份证号\n张伟,370102198001010015\n'
    expect(decodeCsv(Buffer.from(text, 'utf8'))).toEqual({ text, encoding: 'utf-8' })
    expect(decodeCsv(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]))).toEqual({ text, encoding: 'utf-8' })
    expect(decodeCsv(iconv.encode(text, 'gbk'))).toEqual({ text, encoding: 'gbk' })
  })
})

describe('lifecycle rules', () => {
  const today = '2026-11-28'
  const m = (status: 'candidate' | 'active' | 'suspended' | 'removed', termEnd: string | null = '2027-12-31', suspendedUntil: string | null = null) => ({ status, termEnd, suspendedUntil })

  test('the effective status is derived from the stored one, the term end and the suspension end', () => {
    expect(effectiveStatus(m('candidate', null), today)).toBe('candidate')
    expect(effectiveStatus(m('active'), today)).toBe('active')
    expect(effectiveStatus(m('active', '2026-11-28'), today)).toBe('active')
    expect(effectiveStatus(m('active', '2026-11-27'), today)).toBe('expired')
    expect(effectiveStatus(m('suspended', '2027-12-31', null), today)).toBe('suspended')
    expect(effectiveStatus(m('suspended', '2027-12-31', '2026-11-28'), today)).toBe('suspended')
    expect(effectiveStatus(m('suspended', '2027-12-31', '2026-11-27'), today)).toBe('active')
    expect(effectiveStatus(m('suspended', '2026-01-01', null), today)).toBe('expired')
    expect(effectiveStatus(m('removed'), today)).toBe('removed')
  })

  test('the transition table, every status × action: allowed ones give the stored result, the rest are refused', () => {
    const expected: Record<string, string | null> = {
      'candidate:appoint': 'active',
      'candidate:remove': 'removed',
      'active:suspend': 'suspended',
      'active:renew': 'active',
      'active:remove': 'removed',
      'suspended:reinstate': 'active',
      'suspended:remove': 'removed',
      'expired:renew': 'active',
      'expired:remove': 'removed',
      'removed:readmit': 'candidate'
    }
    for (const from of EFFECTIVE_STATUSES) {
      for (const action of MEMBER_ACTIONS) {
        expect(nextStatus(from, action), `${from} ${action}`).toBe(expected[`${from}:${action}`] ?? null)
      }
    }
    expect(Object.keys(TRANSITIONS)).toEqual([...MEMBER_ACTIONS])
    expect(allowedActions('candidate')).toEqual(['appoint', 'remove'])
    expect(allowedActions('expired')).toEqual(['renew', 'remove'])
  })

  test('a trained host has the host role and a training within the configured years', () => {
    expect(isTrainedHost({ roleHost: true, lastTrainingOn: '2023-11-28' }, today, 3)).toBe(true)
    expect(isTrainedHost({ roleHost: true, lastTrainingOn: '2023-11-27' }, today, 3)).toBe(false)
    expect(isTrainedHost({ roleHost: false, lastTrainingOn: '2026-01-01' }, today, 3)).toBe(false)
    expect(isTrainedHost({ roleHost: true, lastTrainingOn: null }, today, 3)).toBe(false)
  })
})

describe('organisation matching for recusal', () => {
  test('names are compared after NFKC, without spaces, Latin case-insensitively', () => {
    expect(organisationNameKey('滨海市 人社局（本部）')).toBe(organisationNameKey('滨海市人社局(本部)'))
    expect(organisationNameKey('ＡＢＣ律师事务所')).toBe(organisationNameKey('abc律师事务所'))
  })

  test('two organisations match by id, or when a name or alias of one is a name or alias of the other', () => {
    const current = { id: 1, name: '滨海市自然资源和规划局', aliases: ['滨海市国土资源局', '市自规局'] }
    const old = { id: 2, name: '滨海市国土资源局', aliases: [] }
    const other = { id: 3, name: '滨海市住房和城乡建设局', aliases: ['市住建局'] }
    expect(organisationMatches(current, old)).toBe(true)
    expect(organisationMatches(old, current)).toBe(true)
    expect(organisationMatches(current, other)).toBe(false)
    expect(organisationMatches(other, { ...other, name: '改名了' })).toBe(true)
    expect(organisationNamed(current, '市自规局')).toBe(true)
    expect(organisationNamed(current, '自规局')).toBe(false)
  })
})
