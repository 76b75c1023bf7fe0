import { eq } from 'drizzle-orm'
import { hearingParticipantsTable, hearingRecordsTable, hearingsTable, matterStagesTable, mattersTable, type HearingStatus } from '../../../db/schema/index.js'
import { aMatter, aMember, anOrganisation, aVenue } from '../../helpers/factories.js'
import { seedRegionTree, type TestApp } from '../../helpers/app.js'

/**
 * Hearings for the provincial export, inserted as rows (the scheduling rules are not what is tested here):
 * - `first`: 东城区 / 渤海街道, 2026-11-10 09:30–11:00 Beijing time, public, three officers seated out of order, a
 *   final deliberation record (adopted), entered in the provincial system;
 * - `second`: 西城县 / 杨柳镇, 2026-11-01 00:00 Beijing time (the period's first instant), not public, a title that
 *   looks like a formula with a quote and a comma, its 复查 stage upheld and the petitioner ceased petitioning;
 * - `scheduled` (not concluded) and `before` (2026-10-31 23:59 Beijing time): never exported for November.
 */
export function seedProvincialHearings (t: TestApp) {
  const regions = seedRegionTree(t)
  const org = anOrganisation(t.db, '东城区住房和城乡建设局')
  const member = (name: string) => aMember(t.db, { homeRegionId: regions.townA.id, name })
  const [host, recorder, qian, sun, zhou] = ['李主持', '赵记录', '钱一', '孙二', '周三'].map(member)
  const venueA = aVenue(t.db, regions.townA.id, '渤海街道听证室')
  const venueB = aVenue(t.db, regions.townB.id, '杨柳镇听证室')
  const matterA = aMatter(t.db, { regionId: regions.townA.id, respondentOrganisationId: org.id })
  const matterB = aMatter(t.db, { regionId: regions.townB.id, respondentOrganisationId: org.id })
  t.db.update(mattersTable).set({ number: 'XF-2026-0002', title: '=1+2 "引号",逗号' }).where(eq(mattersTable.id, matterB.id)).run()
  t.db.update(mattersTable).set({ number: 'XF-2026-0001', title: '关于征地补偿的信访事项' }).where(eq(mattersTable.id, matterA.id)).run()
  // matter B is in its 复查 stage since 2026-10-20 (the handling stage was decided before)
  t.db.update(matterStagesTable).set({ acceptedOn: '2026-09-01', decidedOn: '2026-10-10' }).where(eq(matterStagesTable.matterId, matterB.id)).run()
  const handling = t.db.select().from(matterStagesTable).where(eq(matterStagesTable.matterId, matterB.id)).get()!
  const { id: _id, ...stageValues } = handling
  t.db.insert(matterStagesTable).values({ ...stageValues, stage: 'review', acceptedOn: '2026-10-20', decidedOn: '2026-11-20', conclusionType: 'upheld', petitionerCeased: true, ceasedCheckedOn: '2026-11-25' }).run()

  const at = new Date('2026-11-01T00:00:00Z')
  const hearing = (values: { matterId: number, regionId: number, venueId: number, startsAt: string, minutes: number, status?: HearingStatus, isPublic?: boolean, uid: string, procedure?: 'simple' | 'general' }) =>
    t.db.insert(hearingsTable).values({
      matterId: values.matterId,
      regionId: values.regionId,
      procedure: values.procedure ?? 'general',
      isPublic: values.isPublic ?? true,
      startsAt: new Date(values.startsAt),
      endsAt: new Date(new Date(values.startsAt).getTime() + values.minutes * 60_000),
      venueId: values.venueId,
      hostMemberId: host!.id,
      recorderMemberId: recorder!.id,
      panelSize: 3,
      status: values.status ?? 'concluded',
      rulesetLabel: 'x',
      rulesetFingerprint: 'x',
      ruleset: {},
      uid: values.uid,
      createdAt: at,
      updatedAt: at
    }).returning().get()
  const first = hearing({ matterId: matterA.id, regionId: regions.townA.id, venueId: venueA.id, startsAt: '2026-11-10T01:30:00Z', minutes: 90, uid: 'h-first' })
  t.db.update(hearingsTable).set({ provincialEnteredOn: '2026-11-12', provincialEntryRef: 'SD-2026-0001' }).where(eq(hearingsTable.id, first.id)).run()
  const second = hearing({ matterId: matterB.id, regionId: regions.townB.id, venueId: venueB.id, startsAt: '2026-10-31T16:00:00Z', minutes: 45, isPublic: false, uid: 'h-second', procedure: 'simple' })
  const scheduled = hearing({ matterId: matterA.id, regionId: regions.townA.id, venueId: venueA.id, startsAt: '2026-11-20T01:30:00Z', minutes: 60, status: 'scheduled', uid: 'h-scheduled' })
  const before = hearing({ matterId: matterA.id, regionId: regions.townA.id, venueId: venueA.id, startsAt: '2026-10-31T15:59:00Z', minutes: 60, uid: 'h-before' })
  const seat = (hearingId: number, memberId: number, rank: number, active = true) =>
    t.db.insert(hearingParticipantsTable).values({ hearingId, kind: 'officer', memberId, rank, active, createdAt: at }).run()
  seat(first.id, zhou!.id, 3)
  seat(first.id, qian!.id, 1)
  seat(first.id, sun!.id, 2)
  seat(first.id, host!.id, 4, false) // a seat given up: not listed
  seat(second.id, sun!.id, 1)
  const record = (hearingId: number, version: number, status: 'draft' | 'final', conclusion: string, result: string) =>
    t.db.insert(hearingRecordsTable).values({ hearingId, kind: 'deliberation', version, status, content: { conclusion, outcome: { result } }, createdAt: at, updatedAt: at }).run()
  record(first.id, 1, 'final', '原处理意见已作更正', 'rejected')
  record(first.id, 2, 'final', '建议维持原处理意见', 'adopted')
  record(first.id, 3, 'draft', '草稿意见', 'rejected')
  return { regions, first, second, scheduled, before, matterA, matterB }
}
