import type { Db } from '../../db/client.js'
import {
  organisationsTable, membersTable, memberTrainingsTable, mattersTable, matterPetitionersTable, matterStagesTable,
  venuesTable, memberVocabularyTable, poolVocabularyTable, type NewMember
} from '../../db/schema/index.js'
import { and, eq } from 'drizzle-orm'
import { idCheckCharacter } from '../../server/modules/pool/pool.rules.js'

/** A valid 18-digit resident ID number (GB 11643 check digit) for sequence number `seq`. */
export function anIdNumber (seq: number, { birth = '19800101', area = '371602' } = {}) {
  const body = `${area}${birth}${String(seq % 1000).padStart(3, '0')}`
  return body + idCheckCharacter(body)
}

let counter = 0
const now = new Date('2026-11-01T00:00:00Z')

export function anOrganisation (db: Db, name = `单位${++counter}`) {
  return db.insert(organisationsTable).values({ name, nameKey: name, kind: 'agency', createdAt: now, updatedAt: now }).returning().get()
}

/** An active member with a term around 2026-2027, by default able to sit as officer, host and recorder, trained this year. */
export function aMember (db: Db, overrides: Partial<NewMember> & { homeRegionId: number, professions?: string[] }) {
  const n = ++counter
  const { professions = [], ...rest } = overrides
  const member = db.insert(membersTable).values({
    name: `成员${n}`,
    gender: n % 2 ? 'male' : 'female',
    birthDate: '1980-01-01',
    idNumber: anIdNumber(n, { birth: '19800101', area: String(110100 + (n % 800)) }),
    mobile: `139${String(n).padStart(8, '0')}`,
    roleOfficer: true,
    roleHost: true,
    roleRecorder: true,
    sourceCategory: 'professional',
    status: 'active',
    appointmentDate: '2026-01-01',
    termEnd: '2027-12-31',
    lastTrainingOn: '2026-06-01',
    createdAt: now,
    updatedAt: now,
    ...rest
  }).returning().get()
  if (member.lastTrainingOn) {
    db.insert(memberTrainingsTable).values({ memberId: member.id, course: '听证主持人培训', trainedOn: member.lastTrainingOn, hours: 8, createdAt: now }).run()
  }
  for (const code of professions) {
    const term = db.select().from(poolVocabularyTable).where(and(eq(poolVocabularyTable.kind, 'profession'), eq(poolVocabularyTable.code, code))).get()
    if (!term) throw new Error(`no profession ${code}`)
    db.insert(memberVocabularyTable).values({ memberId: member.id, termId: term.id }).run()
  }
  return member
}

/** A matter in its handling stage (accepted 2026-11-02), with one petitioner living in `villageId`. */
export function aMatter (db: Db, { regionId, respondentOrganisationId, villageId = null, flags = {}, petitionerIdNumber }: {
  regionId: number, respondentOrganisationId: number, villageId?: number | null, flags?: Partial<Record<'involvesPrivacy' | 'inLitigation', boolean>>, petitionerIdNumber?: string
}) {
  const n = ++counter
  const matter = db.insert(mattersTable).values({
    number: `滨信〔2026〕${n}号`,
    title: `关于征地补偿的信访事项${n}`,
    summary: '信访人反映征地补偿标准过低。',
    regionId,
    petitionerKind: 'individual',
    respondentOrganisationId,
    ...flags,
    createdAt: now,
    updatedAt: now
  }).returning().get()
  db.insert(matterPetitionersTable).values({ matterId: matter.id, position: 1, name: '王信访', idNumber: petitionerIdNumber ?? anIdNumber(500 + n, { birth: '19700505' }), mobile: '13700000001', homeVillageRegionId: villageId }).run()
  db.insert(matterStagesTable).values({
    matterId: matter.id,
    stage: 'handling',
    acceptingBody: '东城区人民政府',
    acceptedOn: '2026-11-02',
    limitDays: 60,
    dayUnit: 'calendar',
    excludeHearingTime: false,
    extensionMaxDays: 30,
    extensionUnit: 'calendar',
    rulesetLabel: 'national-default',
    baseDueOn: '2027-01-01',
    dueOn: '2027-01-01',
    createdAt: now,
    updatedAt: now
  }).run()
  return matter
}

export function aVenue (db: Db, regionId: number, name = `听证室${++counter}`) {
  return db.insert(venuesTable).values({ regionId, name, address: `滨海市东城区黄河路${counter}号`, capacity: 30, createdAt: now, updatedAt: now }).returning().get()
}
