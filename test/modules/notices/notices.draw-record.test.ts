import { describe, expect, test } from 'vitest'
import { hearingParticipantsTable } from '../../../db/schema/index.js'
import { aMember } from '../../helpers/factories.js'
import { hearingFixture } from '../hearings/hearings.fixture.js'
import { documentBody, findInOrder, inspectPdf } from '../documents/pdf-inspect.js'

type Round = { round: number, witnessName: string | null, detail: { draw: { commitment: string, seed: string } | null } }

describe('the 抽取记录表 of a hearing with a witnessed replacement round', () => {
  test('prints the redraw round\'s own commitment, seed and witness, who took the open seat, and has that witness sign', async () => {
    const f = await hearingFixture()
    const pool = Array.from({ length: 6 }, (_, i) => aMember(f.t.db, { homeRegionId: f.regions.townA.id, name: `听证员${i + 1}`, roleHost: false, roleRecorder: false }))
    const { hearing } = (await f.create({ procedure: 'simple', panelSize: 3 })).json()
    const url = `/api/v1/hearings/${hearing.id}`
    const post = (path: string, payload: Record<string, unknown>) => f.t.app.inject({ method: 'POST', url: `${url}${path}`, headers: f.t.admin.headers, payload })
    const first = (await post('/draws', { witnessValue: 'y', witnessName: '王见证' })).json()
    const decline = async (memberId: number) => {
      const seat = f.t.db.select().from(hearingParticipantsTable).all().find((p) => p.memberId === memberId && p.active)!
      expect((await post(`/participants/${seat.id}/response`, { response: 'declined', reason: '出差' })).statusCode).toBe(200)
    }
    await decline(first.official[0]) // round 2: the alternate is promoted
    await decline(first.official[1]) // round 3: no alternate left, seat 2 stays open
    expect((await post('/draw-commitments', { witnessName: '赵见证' })).statusCode).toBe(201)
    const redraw = (await post('/draws', { witnessValue: '20261201' })).json()
    expect(redraw.round).toBe(4)

    const rounds: Round[] = (await f.t.app.inject({ method: 'GET', url: `${url}/draws`, headers: f.t.admin.headers })).json().rounds
    const initial = rounds[0]!.detail.draw!
    const fourth = rounds[3]!.detail.draw!
    expect(fourth.commitment).not.toBe(initial.commitment)

    const issued = await post('/documents', { kind: 'draw_record' })
    expect(issued.statusCode).toBe(201)
    const pdf = await f.t.app.inject({ method: 'GET', url: `${url}/documents/${issued.json().id}.pdf`, headers: f.t.admin.headers })
    const text = documentBody(await inspectPdf(pdf.rawPayload))
    const name = (id: number) => pool.find((m) => m.id === id)!.name

    // 三、抽取依据: the first round's, then the redraw round's own basis with its witness
    findInOrder(text, ['三、抽取依据', initial.commitment, initial.seed, '第4轮（补充抽取）', '监督见证人赵见证', '补抽第2席', fourth.commitment, fourth.seed, '四、抽取结果'])
    // 四: rounds that only promoted an alternate are not called a draw and list who then sat (在席); the redraw lists
    // only whom it drew, at the seat it filled
    // (round 3: seat 2 is open, so the panel is seats 1 and 3)
    findInOrder(text, ['四、抽取结果', '第2轮（候补递补）在席1', '第3轮（候补递补）在席1', '第3轮（候补递补）在席3' + name(first.official[2]), '第4轮（补充抽取）抽中2' + name(redraw.official[0]), '五、谢绝'])
    const fourthRows = text.slice(text.indexOf('第4轮（补充抽取）抽中'), text.indexOf('五、谢绝'))
    expect(fourthRows).not.toContain(name(first.alternates[0]))
    expect(fourthRows).not.toContain(name(first.official[2]))
    // 五: the second decline's seat was taken by the member the redraw drew
    findInOrder(text, ['五、谢绝、回避和替补情况', name(first.official[0]), name(first.alternates[0]), name(first.official[1]), name(redraw.official[0]), '六、验证方法'])
    // 六: a redraw is checked against its own basis; both witnesses sign
    findInOrder(text, ['六、验证方法', '首次抽取的结果完全一致', '逐轮核对', '监督见证人王见证', '监督见证人赵见证'])
  })

  test('a draw without replacement rounds prints no redraw basis', async () => {
    const f = await hearingFixture()
    for (let i = 0; i < 6; i++) aMember(f.t.db, { homeRegionId: f.regions.townA.id, name: `听证员${i + 1}`, roleHost: false, roleRecorder: false })
    const { hearing } = (await f.create({ procedure: 'simple', panelSize: 3 })).json()
    const url = `/api/v1/hearings/${hearing.id}`
    await f.t.app.inject({ method: 'POST', url: `${url}/draws`, headers: f.t.admin.headers, payload: { witnessValue: 'y', witnessName: '王见证' } })
    const issued = (await f.t.app.inject({ method: 'POST', url: `${url}/documents`, headers: f.t.admin.headers, payload: { kind: 'draw_record' } })).json()
    const pdf = await f.t.app.inject({ method: 'GET', url: `${url}/documents/${issued.id}.pdf`, headers: f.t.admin.headers })
    const text = documentBody(await inspectPdf(pdf.rawPayload))
    findInOrder(text, ['第1轮（首次抽取）', '首次抽取的结果完全一致'])
    expect(text).not.toContain('补充抽取')
    expect(text).not.toContain('逐轮核对')
  })
})
