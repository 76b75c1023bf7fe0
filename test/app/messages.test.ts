import { describe, expect, test } from 'vitest'
import { createTestApp, seedRegionTree } from '../helpers/app.js'
import { hearingsTable, membersTable, organisationsTable } from '../../db/schema/index.js'
import { FIELD_LABELS, schemaTitle } from '../../server/common/field-labels.js'
import { aMemberBody, anIdNumber } from '../modules/pool/pool.fixtures.js'
import { hearingFixture } from '../modules/hearings/hearings.fixture.js'
import { aMatter, aMember } from '../helpers/factories.js'

type FieldError = { in: string, field: string, label: string, message: string }

const HAN = /\p{Script=Han}/u

describe('validation errors name the field in Chinese and say what is allowed', () => {
  test('a pool member with a wrong type, a bad date, a bad role, a long name, a missing and an unknown field', async () => {
    const t = await createTestApp()
    const r = seedRegionTree(t)
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/pool/members',
      headers: t.admin.headers,
      payload: {
        name: '李'.repeat(41),
        birthDate: '1980/01/01',
        mobile: '13900001111',
        homeRegionId: String(r.villageA.id),
        roles: ['officer', 'judge'],
        sourceCategory: 'professional',
        nmae: '李娜'
      }
    })
    expect(res.statusCode).toBe(400)
    expect(res.json().code).toBe('request.invalid')
    const errors = res.json().errors as FieldError[]
    expect(errors).toEqual(expect.arrayContaining([
      { in: 'body', field: 'homeRegionId', label: '常住区划', message: '应为整数' },
      { in: 'body', field: 'birthDate', label: '出生日期', message: '应为日期，例如 2026-12-08' },
      { in: 'body', field: 'roles.1', label: '角色第 2 项', message: '应为以下取值之一：officer（听证员）、host（主持人）、recorder（记录员）、third_party（第三方参与人员）' },
      { in: 'body', field: 'name', label: '姓名', message: '长度不能超过 40 个字符' },
      { in: 'body', field: 'idNumber', label: '身份证号码', message: '缺少必填字段“身份证号码”(idNumber)' },
      { in: 'body', field: 'nmae', label: 'nmae', message: '不允许的字段“nmae”' }
    ]))
    expect(errors).toHaveLength(6)
    expect(JSON.stringify(errors)).not.toMatch(/应当|integer|类型/)
    expect(t.db.select().from(membersTable).all()).toHaveLength(0)
  })

  test('nested fields are named through their parents; a nullable field gives one message, not one per alternative', async () => {
    const t = await createTestApp()
    const r = seedRegionTree(t)
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/pool/members',
      headers: t.admin.headers,
      payload: aMemberBody({
        homeRegionId: r.villageA.id,
        email: 5,
        relatives: [{ name: ' ', idNumber: 123 }],
        remuneration: { kind: 'fee_per_half_day', feePerHalfDayYuan: 'two hundred' }
      })
    })
    expect(res.statusCode).toBe(400)
    expect(res.json().errors).toEqual([
      { in: 'body', field: 'email', label: '电子邮箱', message: '应为文字' },
      { in: 'body', field: 'remuneration.feePerHalfDayYuan', label: '报酬·每半天报酬（元）', message: '应为整数' },
      { in: 'body', field: 'relatives.0.name', label: '近亲属第 1 项·亲属姓名', message: '不能为空或只有空格' },
      { in: 'body', field: 'relatives.0.idNumber', label: '近亲属第 1 项·亲属身份证号码', message: '应为文字' }
    ])
  })

  test('a nullable enum lists its values with their labels; an empty body names the missing field', async () => {
    const t = await createTestApp()
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/organisations', headers: t.admin.headers, payload: { name: '滨海市司法局', kind: 'court' } })
    expect(res.statusCode).toBe(400)
    expect(res.json().errors).toEqual([{
      in: 'body',
      field: 'kind',
      label: '单位类型',
      message: '应为以下取值之一：agency（党政机关）、institution（事业单位）、enterprise（企业）、law_firm（律师事务所）、social_organisation（社会组织）、committee（村（居）民委员会）、other（其他）'
    }])
    const empty = await t.app.inject({ method: 'POST', url: '/api/v1/organisations', headers: t.admin.headers, payload: {} })
    expect(empty.json().errors).toEqual([{ in: 'body', field: 'name', label: '单位名称', message: '缺少必填字段“单位名称”(name)' }])
    expect(t.db.select().from(organisationsTable).all()).toHaveLength(0)
  })

  test('an empty text is 不能为空 once; a flag is true or false', async () => {
    const t = await createTestApp()
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/venues', headers: t.admin.headers, payload: { regionId: 1, name: '', address: '   ', capacity: 20, active: 'yes' } })
    expect(res.statusCode).toBe(400)
    expect(res.json().errors).toEqual([
      { in: 'body', field: 'active', label: 'active', message: '不允许的字段“active”' },
      { in: 'body', field: 'name', label: '场所名称', message: '不能为空' },
      { in: 'body', field: 'address', label: '地址', message: '不能为空或只有空格' }
    ])
    const flag = await t.app.inject({ method: 'PATCH', url: '/api/v1/venues/1', headers: t.admin.headers, payload: { active: 'yes' } })
    expect(flag.json().errors).toEqual([{ in: 'body', field: 'active', label: '启用', message: '应为 true 或 false' }])
  })

  test('a holiday override of an unknown kind lists 上班 and 放假', async () => {
    const t = await createTestApp()
    const res = await t.app.inject({ method: 'PUT', url: '/api/v1/holiday-overrides/2026-12-12', headers: t.admin.headers, payload: { kind: 'rest', note: '调休' } })
    expect(res.statusCode).toBe(400)
    expect(res.json().errors).toEqual([{ in: 'body', field: 'kind', label: '调整类别', message: '应为以下取值之一：workday（上班）、holiday（放假）' }])
  })

  test('a hearing transition lists the actions and termination grounds by name', async () => {
    const f = await hearingFixture()
    const { hearing } = (await f.create()).json()
    const res = await f.t.app.inject({ method: 'POST', url: `/api/v1/hearings/${hearing.id}/transitions`, headers: f.t.admin.headers, payload: { action: 'close', ground: 'illness', version: hearing.version } })
    expect(res.statusCode).toBe(400)
    expect(res.json().errors).toEqual([
      { in: 'body', field: 'action', label: '操作', message: '应为以下取值之一：schedule（确定排期）、notify（已送达通知）、open（开始听证）、postpone（延期）、suspend（中止）、resume（恢复（重新确定时间地点））、conclude（听证结束）、terminate（终结）、cancel（取消）' },
      { in: 'body', field: 'ground', label: '终结理由', message: '应为以下取值之一：withdrawal（信访人撤回听证申请）、unexcused_absence（信访人无正当理由不到场（视为放弃听证））、left_without_permission（信访人未经许可中途退场）、other（其他）' }
    ])
  })

  test('a hearing time without an offset is refused with an example', async () => {
    const f = await hearingFixture()
    const res = await f.create({ startsAt: '2026-12-10 09:00', endsAt: '2026-12-10T11:00:00' })
    expect(res.statusCode).toBe(400)
    expect(res.json().errors).toEqual([
      { in: 'body', field: 'startsAt', label: '开始时间', message: '应为带时区的日期时间，例如 2026-12-08T09:30:00+08:00' },
      { in: 'body', field: 'endsAt', label: '结束时间', message: '应为带时区的日期时间，例如 2026-12-08T09:30:00+08:00' }
    ])
    expect(f.t.db.select().from(hearingsTable).all()).toHaveLength(0)
  })

  test('query parameters are named too', async () => {
    const t = await createTestApp()
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/pool/members?status=retired&page=abc&sort=age', headers: t.admin.headers })
    expect(res.statusCode).toBe(400)
    expect(res.json().errors).toEqual(expect.arrayContaining([
      { in: 'querystring', field: 'status', label: '状态', message: '应为以下取值之一：candidate（候选）、active（在聘）、suspended（暂停）、removed（已除名）、expired（任期届满）' },
      { in: 'querystring', field: 'page', label: '页码', message: '应为整数' },
      { in: 'querystring', field: 'sort', label: '排序依据', message: '应为以下取值之一：name（姓名）、termEnd（任期届满日期）、createdAt（登记时间）、updatedAt（更新时间）、id（编号）' }
    ]))
    const outbox = await t.app.inject({ method: 'GET', url: '/api/v1/outbox?status=lost', headers: t.admin.headers })
    expect(outbox.json().errors).toEqual([{ in: 'querystring', field: 'status', label: '发送状态', message: '应为以下取值之一：queued（待发送）、sending（发送中）、sent（已发送）、failed（发送失败）、superseded（已被取代）' }])
  })

  test('a field error found by a service gets the same Chinese label', async () => {
    const t = await createTestApp()
    const r = seedRegionTree(t)
    const bad = `${anIdNumber({ seq: 3 }).slice(0, 17)}${anIdNumber({ seq: 3 }).endsWith('0') ? '1' : '0'}`
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/pool/members', headers: t.admin.headers, payload: aMemberBody({ homeRegionId: r.villageA.id, idNumber: bad }) })
    expect(res.statusCode).toBeGreaterThanOrEqual(400)
    expect(res.statusCode).toBeLessThan(500)
    expect(res.json().errors).toEqual([expect.objectContaining({ in: 'body', field: 'idNumber', label: '身份证号码' })])
  })

  test('a region of the wrong level is refused naming the levels, not their codes', async () => {
    const t = await createTestApp()
    const r = seedRegionTree(t)
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/regions', headers: t.admin.headers, payload: { name: '新村', parentId: r.townA.id, level: 'township' } })
    expect(res.statusCode).toBeGreaterThanOrEqual(400)
    expect(res.json().detail).toBe('“渤海街道”之下只能建立“村（社区）”级区划')
  })

  test('every field of every request body, query and path has a Chinese label', async () => {
    const t = await createTestApp()
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json()
    const unlabelled: string[] = []
    const alternatives = (s: any): any[] => [s, ...['anyOf', 'oneOf', 'allOf'].flatMap((k) => (s?.[k] ?? []).flatMap(alternatives))]
    const walk = (schema: any, where: string) => {
      for (const s of alternatives(schema)) {
        for (const [name, property] of Object.entries<any>(s?.properties ?? {})) {
          const label = schemaTitle(property) ?? FIELD_LABELS[name]
          if (label === undefined || !HAN.test(label)) unlabelled.push(`${where} ${name}`)
          walk(property, `${where} ${name}.`)
        }
        if (s?.items) walk(s.items, where)
      }
    }
    for (const [path, operations] of Object.entries<any>(doc.paths)) {
      for (const [method, op] of Object.entries<any>(operations)) {
        const where = `${method.toUpperCase()} ${path}`
        walk(op.requestBody?.content?.['application/json']?.schema, where)
        for (const p of op.parameters ?? []) {
          const label = schemaTitle(p.schema) ?? FIELD_LABELS[p.name]
          if (label === undefined || !HAN.test(label)) unlabelled.push(`${where} (${p.in}) ${p.name}`)
        }
      }
    }
    expect(unlabelled).toEqual([])
  })
})

describe('messages use the labels users know, not codes', () => {
  test('a member excluded from the draw for their status is said to be 候选 or 暂停, not candidate or suspended', async () => {
    const f = await hearingFixture()
    for (let i = 1; i <= 6; i++) aMember(f.t.db, { homeRegionId: f.regions.townA.id, name: `听证员${i}`, roleHost: false, roleRecorder: false })
    const candidate = aMember(f.t.db, { homeRegionId: f.regions.townA.id, name: '候选人员', status: 'candidate' })
    const suspended = aMember(f.t.db, { homeRegionId: f.regions.townA.id, name: '暂停人员', status: 'suspended' })
    const { hearing } = (await f.create({ procedure: 'simple', panelSize: 3 })).json()
    const res = await f.t.app.inject({ method: 'POST', url: `/api/v1/hearings/${hearing.id}/draw-commitments`, headers: f.t.admin.headers, payload: { witnessName: '王见证' } })
    expect(res.statusCode).toBe(201)
    type Group = { reasons: { code: string, message: string }[], memberIds: number[] }
    const reasonsOf = (id: number) => (res.json().excluded as Group[]).find((g) => g.memberIds.includes(id))!.reasons.map((r) => r.message)
    expect(reasonsOf(candidate.id)).toContain('状态为“候选”，不在可抽取之列')
    expect(reasonsOf(suspended.id)).toContain('状态为“暂停”，不在可抽取之列')
    expect(JSON.stringify(res.json().excluded)).not.toMatch(/candidate|suspended/)
  })

  test('a conflict names the other hearing by its case number and time, not by its id', async () => {
    const f = await hearingFixture()
    const first = await f.create()
    expect(first.statusCode).toBe(201)
    const other = aMatter(f.t.db, { regionId: f.regions.townA.id, respondentOrganisationId: f.respondent.id })
    const res = await f.t.app.inject({
      method: 'POST',
      url: '/api/v1/hearings/preview',
      headers: f.t.admin.headers,
      payload: f.body({ matterId: other.id, startsAt: '2026-12-10T10:00:00+08:00', endsAt: '2026-12-10T12:00:00+08:00' })
    })
    expect(res.statusCode).toBe(200)
    type Problem = { type: string, message: string }
    const messages = (type: string) => (res.json().problems as Problem[]).filter((p) => p.type === type).map((p) => p.message)
    expect(messages('venue_double_booked')).toEqual([`场所“渤海街道听证室”在该时段已安排${f.matter.number}的听证（2026年12月10日 09:00–11:00）`])
    expect(messages('person_double_booked')).toEqual([
      `主持人李主持：2026年12月10日 09:00–11:00 已安排${f.matter.number}的听证`,
      `记录员赵记录：2026年12月10日 09:00–11:00 已安排${f.matter.number}的听证`
    ])
    expect(JSON.stringify(res.json().problems)).not.toMatch(/第 \d+ 号听证/)
  })
})

describe('a resource outside the caller\'s region is 不存在或无权访问: the answer neither lies nor leaks', () => {
  test('region, pool member, matter, hearing and venue of another county answer 404 with that title', async () => {
    const f = await hearingFixture()
    const { t, regions } = f
    const { hearing } = (await f.create()).json()
    const member = aMember(t.db, { homeRegionId: regions.townA2.id, name: '东城听证员' })
    const westCoordinator = t.userWithToken({ role: 'coordinator', regionId: regions.countyB.id })
    const cases = [
      { url: `/api/v1/regions/${regions.townA.id}`, code: 'regions.not_found', title: '行政区划不存在或无权访问' },
      { url: `/api/v1/pool/members/${member.id}`, code: 'pool.member_not_found', title: '听证员库人员不存在或无权访问' },
      { url: `/api/v1/matters/${f.matter.id}`, code: 'matters.not_found', title: '信访事项不存在或无权访问' },
      { url: `/api/v1/hearings/${hearing.id}`, code: 'hearings.not_found', title: '听证不存在或无权访问' },
      { url: `/api/v1/venues/${f.venue.id}`, code: 'venues.not_found', title: '听证场所不存在或无权访问' }
    ]
    for (const c of cases) {
      const res = await t.app.inject({ method: 'GET', url: c.url, headers: westCoordinator.headers })
      expect(res.statusCode, c.url).toBe(404)
      expect(res.json(), c.url).toMatchObject({ code: c.code, title: c.title })
    }
    // one that does not exist at all answers the same
    const missing = await t.app.inject({ method: 'GET', url: '/api/v1/regions/999999', headers: westCoordinator.headers })
    expect(missing.json()).toMatchObject({ code: 'regions.not_found', title: '行政区划不存在或无权访问' })
  })

  test('every not-found of a region-scoped resource says so in the problem catalogue', async () => {
    const t = await createTestApp()
    const items = (await t.app.inject({ method: 'GET', url: '/api/problems' })).json().items as { code: string, status: number, title: string }[]
    const scoped = ['regions.not_found', 'users.not_found', 'matters.not_found', 'hearings.not_found', 'hearings.member_not_found', 'pool.member_not_found', 'venues.not_found', 'case_teams.not_found', 'auth.token_not_found']
    for (const code of scoped) {
      const item = items.find((i) => i.code === code)
      expect(item, code).toMatchObject({ status: 404, title: expect.stringMatching(/不存在.*或无权访问$/) })
    }
  })
})
