import type {
  DeliberationRecordViewModel,
  DrawRecordViewModel,
  Issuer,
  MemberInvitationViewModel,
  MinutesViewModel,
  NamedPerson,
  PetitionerHearingNoticeViewModel,
  RespondentHearingNoticeViewModel,
  RightsNoticeViewModel,
  ServiceReceiptViewModel,
  TranscriptEntry
} from '../../../server/modules/documents/documents.view-models.js'

/* A fictional city and matter. Sensitive fields (phones, ID numbers) exist on the "rows" below the way they
 * would on database rows; the per-recipient tests pass these rows straight in and check nothing leaks. */

export const NOW = new Date('2026-11-28T02:00:00Z')

export const issuer: Issuer = {
  name: '滨海市信访局',
  contactPerson: '何静',
  contactPhone: '0571-87006123',
  address: '滨海市临江区人民路18号'
}

export const petitionerRow = { id: 7, name: '张秀兰', phone: '13812345678', idNumber: '330203196505121234', address: '滨海市临港区海丰村3组12号' }
export const hostRow = { id: 1, name: '陈立明', unit: '滨海市信访局', phone: '13900001111', idNumber: '330102197803040011' }
export const officerRows = [
  { id: 11, name: '刘芳', unit: '滨海市第一中学', phone: '13900002222', idNumber: '330102198001010022' },
  { id: 12, name: '赵文博', unit: '滨海海诚律师事务所', phone: '13900003333', idNumber: '330102197502020033' },
  { id: 13, name: '孙丽华', unit: '临江区人民调解委员会', phone: '13900004444', idNumber: '330102196903030044' },
  { id: 14, name: '周建平', unit: '滨海市政协', phone: '13900005555', idNumber: '330102196604040055' }
]
export const recorderRow = { id: 21, name: '吴婷', unit: '滨海市信访局', phone: '13900006666', idNumber: '330102199505050066' }

export const matter = {
  caseNumber: 'BH-2026-0412',
  title: '关于临港区海丰村征地补偿款发放问题',
  summary: '信访人反映其家庭承包地于2024年被征收，认为安置补偿款计算时遗漏了两名家庭成员，要求补发。区住建局答复认为补偿对象以2023年12月31日的户籍登记为准。'
}

const hearing = {
  startsAt: new Date('2026-12-08T01:30:00Z'), // 09:30 in Shanghai
  endsAt: new Date('2026-12-08T03:45:00Z'),
  place: '滨海市信访局三楼听证室（人民路18号）'
}

export const rightsNotice: RightsNoticeViewModel = {
  documentNumber: { prefix: '滨信听', year: 2026, serial: 12 },
  issuer,
  issuedAt: NOW,
  petitioner: petitionerRow,
  matter: { ...matter, receivedAt: new Date('2026-11-02T03:00:00Z') },
  stage: 'review',
  legalBasis: '《信访工作条例》和《滨海市信访事项听证办法》',
  applyWithinDays: 7
}

export const petitionerNotice: PetitionerHearingNoticeViewModel = {
  documentNumber: { prefix: '滨信听', year: 2026, serial: 13 },
  issuer,
  issuedAt: NOW,
  petitioner: petitionerRow,
  matter,
  hearing: { ...hearing, publicity: { isPublic: true } },
  host: hostRow,
  officers: officerRows,
  recorder: recorderRow,
  materialsToBring: ['本人居民身份证原件', '户口簿及家庭成员关系证明', '征地补偿协议及已领取补偿款的凭证'],
  agentDeadline: new Date('2026-12-04T08:00:00Z')
}

export const respondentNotice: RespondentHearingNoticeViewModel = {
  documentNumber: { prefix: '滨信听', year: 2026, serial: 14 },
  issuer,
  issuedAt: NOW,
  respondent: { name: '滨海市临港区住房和城乡建设局' },
  petitioner: petitionerRow,
  matter,
  hearing: { ...hearing, publicity: { isPublic: false, reason: '涉及个人隐私' } },
  host: hostRow,
  officers: officerRows,
  recorder: recorderRow,
  mainIssues: ['补偿对象的认定以哪一日的户籍登记为准', '两名家庭成员是否属于应当安置补偿的人员', '已发放补偿款的计算依据是否符合政策'],
  mustAttend: ['原信访事项承办人', '单位分管负责人或者受委托的工作人员'],
  materialsToBring: ['征地补偿安置方案及批准文件', '补偿款计算明细', '原处理意见书及送达凭证'],
  submitBy: new Date('2026-12-03T08:00:00Z')
}

export const memberInvitation: MemberInvitationViewModel = {
  documentNumber: { prefix: '滨信听', year: 2026, serial: 15 },
  issuer,
  issuedAt: NOW,
  member: { ...officerRows[0]!, role: 'officer' },
  matter,
  petitioner: petitionerRow,
  respondent: { name: '滨海市临港区住房和城乡建设局' },
  hearing,
  replyBy: new Date('2026-12-02T08:00:00Z')
}

export const serviceReceipt: ServiceReceiptViewModel = {
  issuer,
  recipient: petitionerRow,
  address: petitionerRow.address,
  served: [{ title: '听证通知书', number: '滨信听〔2026〕13号' }],
  method: 'in_person',
  servers: ['何静', '吴婷']
}

const person = (row: NamedPerson) => row

export function minutes (overrides: Partial<MinutesViewModel> = {}): MinutesViewModel {
  const host = { role: 'host' as const, name: '陈立明' }
  return {
    issuer: { name: issuer.name },
    matter,
    hearing: { ...hearing, publicity: { isPublic: true } },
    host: person(hostRow),
    officers: officerRows,
    recorder: recorderRow,
    participants: [
      { role: 'petitioner', name: '张秀兰', unit: '滨海市临港区海丰村村民', attendance: 'present' },
      { role: 'agent', name: '李建国', unit: '滨海明德律师事务所律师', attendance: 'present' },
      { role: 'respondent', name: '钱伟', unit: '临港区住房和城乡建设局副局长', attendance: 'present' },
      { role: 'handler', name: '王志强', unit: '临港区住房和城乡建设局征收科', attendance: 'present' },
      { role: 'witness', name: '郑海生', unit: '海丰村村民委员会主任', attendance: 'absent', note: '因病请假，已提交书面证言' }
    ],
    opening: [
      { speaker: { role: 'recorder', name: '吴婷' }, text: '报告主持人，信访人张秀兰及其委托代理人李建国、责任单位代表钱伟、承办人王志强已到场，证人郑海生因病未到场，已提交书面证言。' },
      { speaker: host, text: '现在宣布听证开始。本次听证的事项是关于临港区海丰村征地补偿款发放问题。听证主持人陈立明，听证员刘芳、赵文博、孙丽华、周建平，记录员吴婷。下面宣布听证纪律和听证参加人的权利义务。' }
    ],
    recusal: [
      { speaker: host, text: '信访人及委托代理人，是否申请听证主持人、听证员或者记录员回避？' },
      { speaker: { role: 'petitioner', name: '张秀兰' }, text: '不申请回避。' },
      { speaker: { role: 'respondent', name: '钱伟' }, text: '不申请回避。' }
    ],
    statements: [
      { speaker: { role: 'petitioner', name: '张秀兰' }, text: '我家的承包地在2024年被征收，补偿款按三口人计算，但我儿媳和孙子在2024年3月已经落户，应当一起计算。' },
      { speaker: { role: 'handler', name: '王志强' }, text: '根据临港区征地补偿安置方案，补偿对象以2023年12月31日的户籍登记为准，信访人儿媳和孙子落户晚于该日，不属于补偿对象。' }
    ],
    evidence: [
      { name: '户口簿复印件', submittedBy: '信访人', purpose: '证明家庭成员落户时间', crossExamination: '责任单位对真实性无异议，对证明目的有异议。' },
      { name: '征地补偿安置方案', submittedBy: '责任单位', purpose: '证明补偿对象的认定标准', crossExamination: '信访人认为方案未经公示。' },
      { name: '海丰村村民委员会证明', submittedBy: '信访人', purpose: '证明儿媳已实际在本村生活', crossExamination: '责任单位认为该证明不能替代户籍登记。' }
    ],
    questions: [
      { speaker: { role: 'officer', name: '赵文博' }, text: '请承办人说明，安置方案确定的截止日期是否经过公示？' },
      { speaker: { role: 'handler', name: '王志强' }, text: '方案于2024年1月在村务公开栏公示七日，有照片为证。' }
    ],
    debate: [
      { speaker: { role: 'agent', name: '李建国' }, text: '截止日期早于征收公告发布日，对在此期间依法落户的人员不公平。' },
      { speaker: { role: 'handler', name: '王志强' }, text: '截止日期是为防止突击落户，全区统一执行。' }
    ],
    finalStatements: [
      { speaker: { role: 'petitioner', name: '张秀兰' }, text: '请求按五口人重新计算补偿款。' },
      { speaker: { role: 'handler', name: '王志强' }, text: '坚持原处理意见。' }
    ],
    closing: [{ speaker: host, text: '听证参加人的意见已经记录在案，听证员将进行评议。现在宣布听证结束。' }],
    events: [{ at: new Date('2026-12-08T02:40:00Z'), kind: 'recess', reason: '信访人身体不适', decision: '休会十分钟后继续' }],
    signatories: [
      { role: 'petitioner', name: '张秀兰' },
      { role: 'agent', name: '李建国' },
      { role: 'respondent', name: '钱伟', refusal: { hostNote: '责任单位代表钱伟认为笔录第四部分未记录其补充意见，拒绝签名。' } },
      { role: 'handler', name: '王志强' },
      { role: 'host', name: '陈立明' },
      { role: 'officer', name: '刘芳' },
      { role: 'officer', name: '赵文博' },
      { role: 'officer', name: '孙丽华' },
      { role: 'officer', name: '周建平' },
      { role: 'recorder', name: '吴婷' }
    ],
    record: { version: 1 },
    ...overrides
  }
}

const SENTENCES = [
  '根据临港区征地补偿安置方案第五条的规定，补偿对象以征收预公告发布之日前的户籍登记为准。',
  '信访人提交的户口簿显示，其儿媳于2024年3月15日迁入，孙子于同年4月2日出生并登记。',
  '村民委员会出具的证明载明，信访人儿媳自2022年起实际在本村居住并参加集体劳动。',
  '承办人表示，全区统一执行的截止日期是为了防止突击落户，对所有被征收户一视同仁。',
  '委托代理人认为，截止日期早于征收公告发布日，对在此期间依法落户的人员明显不公平。',
  '听证员询问补偿款的具体计算方法，承办人逐项作了说明，并出示了计算明细表。'
]

/** Long hearing minutes: `rounds` exchanges in each of statements, questions and debate; MINUTES_10_PAGES gives ten pages. */
export function longMinutes (rounds: number, evidenceCount = 14): MinutesViewModel {
  const entry = (i: number, role: TranscriptEntry['speaker']['role'], name: string): TranscriptEntry => ({
    speaker: { role, name },
    text: [0, 1, 2].map((k) => SENTENCES[(i + k) % SENTENCES.length]).join('')
  })
  const speakers = [['petitioner', '张秀兰'], ['handler', '王志强'], ['agent', '李建国'], ['officer', '赵文博']] as const
  const section = (offset: number) => Array.from({ length: rounds }, (_, i) => entry(i + offset, speakers[i % 4]![0], speakers[i % 4]![1]))
  const base = minutes()
  return {
    ...base,
    statements: section(0),
    evidence: Array.from({ length: evidenceCount }, (_, i) => ({
      name: `证据材料第${i + 1}号：${['户口簿', '补偿协议', '银行流水', '村委会证明', '现场照片'][i % 5]}`,
      submittedBy: i % 2 === 0 ? '信访人' : '责任单位',
      purpose: SENTENCES[i % SENTENCES.length]!,
      crossExamination: i % 3 === 0 ? SENTENCES[(i + 1) % SENTENCES.length]! + SENTENCES[(i + 2) % SENTENCES.length]! : '无异议。'
    })),
    questions: section(1),
    debate: section(2),
    record: { version: 2, contentSha256: 'a3f1c9e07b2d4c5e8f60718293a4b5c6d7e8f9012345678901abcdef23456789' }
  }
}

export const deliberation: DeliberationRecordViewModel = {
  issuer: { name: issuer.name },
  matter,
  hearing,
  deliberation: { startsAt: new Date('2026-12-08T04:00:00Z'), endsAt: new Date('2026-12-08T04:50:00Z'), place: '滨海市信访局三楼评议室' },
  recorder: recorderRow,
  proposal: '临港区住房和城乡建设局的处理意见是否应予维持。',
  opinions: [
    { name: '陈立明', role: 'host', opinion: '安置方案经过公示，截止日期全区统一执行，处理意见认定事实清楚。', vote: 'for' },
    { name: '刘芳', role: 'officer', opinion: '同意维持，建议责任单位加强政策解释。', vote: 'for' },
    { name: '赵文博', role: 'officer', opinion: '截止日期早于征收公告，对依法落户人员不公，建议撤销重新处理。', vote: 'against' },
    { name: '孙丽华', role: 'officer', opinion: '同意维持，可协调村集体给予适当帮扶。', vote: 'for' },
    { name: '周建平', role: 'officer', opinion: '同意维持。', vote: 'for' }
  ],
  rules: { voters: 'panel', majority: 'of_voters', tie: 'refer' },
  outcome: { result: 'adopted', basis: 'majority', tally: { voters: 5, for: 4, against: 1, abstain: 0 } },
  conclusion: '建议维持临港区住房和城乡建设局的处理意见，并由其做好政策解释和帮扶工作。',
  record: { version: 1, contentSha256: '5d41402abc4b2a76b9719d911017c592aa3e4b7c9f1d2e3a4b5c6d7e8f901234' }
}

export const drawRecord: DrawRecordViewModel = {
  issuer: { name: issuer.name },
  matter,
  hearing,
  drawnAt: new Date('2026-11-27T06:00:00Z'),
  poolName: '滨海市信访事项听证员库（2026年度）',
  rules: ['从听证员库中随机抽取听证员4名、候补2名', '与本事项或者当事人有利害关系的人员回避', '近12个月内已参加同一责任单位听证3次以上的人员不参加抽取', '同一单位最多抽取1名'],
  eligibleCount: 186,
  excluded: [
    { name: '钱晓东', reason: '系责任单位工作人员的近亲属' },
    { name: '冯磊', reason: '近12个月内参加同一责任单位听证已达3次' },
    { name: '陈静', reason: '近12个月内参加同一责任单位听证已达3次' }
  ],
  excludedElsewhere: [{ reason: '本区域以外人员，未同意跨区域参加听证', count: 412 }],
  algorithm: 'tingzheng-draw-v1：以种子为密钥的 HMAC-SHA256 计数器生成随机数，对候选名单作 Fisher–Yates 洗牌',
  poolSnapshotHash: '9f2c4e1a7b3d5f6e8a0c2e4f6a8b0d2f4a6c8e0b2d4f6a8c0e2a4c6e8f0a2b4c',
  commitmentHash: 'c7be1ed902fb8dd4d48997c6452f5d7e509fbcdbe2808b16bcf4edce4c07d14e',
  seed: '3f9a1c07d2e84b6a',
  rounds: [
    {
      number: 1,
      kind: 'initial',
      picks: [
        { position: 1, name: '刘芳', unit: '滨海市第一中学' },
        { position: 2, name: '赵文博', unit: '滨海海诚律师事务所' },
        { position: 3, name: '马振宇', unit: '滨海大学法学院' },
        { position: 4, name: '孙丽华', unit: '临江区人民调解委员会' }
      ],
      alternates: [{ position: 5, name: '周建平', unit: '滨海市政协' }, { position: 6, name: '林晓燕', unit: '滨海市妇联' }]
    }
  ],
  declines: [{ name: '马振宇', reason: '听证当日出国访问，无法参加', at: new Date('2026-11-27T09:00:00Z'), replacedBy: '周建平' }],
  redraws: [],
  operator: { name: '何静', unit: '滨海市信访局' },
  witness: { name: '高卫东', unit: '滨海市纪委监委派驻纪检监察组' },
  verifyWith: 'npm run verify-draw -- --draw 31'
}

/** longMinutes(MINUTES_10_PAGES) renders to exactly ten pages (asserted in the tests, used by the bench). */
export const MINUTES_10_PAGES = 8
