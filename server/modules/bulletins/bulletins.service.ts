import type { Db } from '../../../db/client.js'
import { writeTransaction } from '../../../db/client.js'
import type { Actor } from '../../common/actor.js'
import type { Clock } from '../../common/clock.js'
import { periodProblems, type Period } from '../../common/period.js'
import { DISPLAY_TIME_ZONE } from '../../common/time.js'
import { versionConflict } from '../../errors.js'
import { recordAudit } from '../audit/audit.recorder.js'
import { claimDocumentSerial, effectiveDocumentSettings, nextDocumentSerial } from '../dossier/dossier.service.js'
import { formatDocumentNumber } from '../documents/documents.format.js'
import { requireIntactPdf } from '../documents/documents.integrity.js'
import { cleanViewModel } from '../documents/documents.text-safety.js'
import { bulletinNotFound, cityStaffOnly, invalidBulletinPeriod, noCityRegion } from './bulletins.errors.js'
import { renderBulletin } from './bulletins.pdf.js'
import * as repo from './bulletins.repository.js'
import { bulletinTitle, summaryText } from './bulletins.rules.js'
import type { BulletinFigures } from './bulletins.types.js'
import { bulletinFigures, monthsOf } from './bulletins.figures.rules.js'
import type { HearingRateReport, ReviewScoreReport, StatisticsLevel } from '../statistics/statistics.types.js'
import type { RateScoreRules } from '../statistics/statistics.rules.js'
import { effectiveRulesetForPath } from '../rulesets/rulesets.service.js'
import { bulletinWorkbook } from './bulletins.xlsx.js'

export type { BulletinSummary } from './bulletins.repository.js'

/** The figures of a period for the whole city (the statistics service, wired in server/services.ts). */
export type FiguresSource = (actor: Actor, period: Period & { cityName: string, cityRules: RateScoreRules }) => BulletinFigures | Promise<BulletinFigures>

/** What a bulletin reads of the statistics service. */
export type StatisticsReader = {
  hearingRate: (actor: Actor, query: Period & { level: StatisticsLevel }) => HearingRateReport
  reviewScore: (actor: Actor, query: Period & { level: StatisticsLevel }) => ReviewScoreReport
}

/**
 * The figures from the statistics service: hearing rate and points per county and per township, the 复查 score per
 * county, and the city's rate month by month (each month clipped to the period).
 */
export function figuresFromStatistics (statistics: StatisticsReader): FiguresSource {
  return (actor, { from, to, cityName, cityRules }) => {
    const period = { from, to }
    return bulletinFigures({
      period,
      cityName,
      cityRules,
      counties: statistics.hearingRate(actor, { ...period, level: 'county' }),
      townships: statistics.hearingRate(actor, { ...period, level: 'township' }),
      review: statistics.reviewScore(actor, { ...period, level: 'county' }),
      months: monthsOf(period).map(({ month, period: p }) => ({ month, report: statistics.hearingRate(actor, { ...p, level: 'county' }) }))
    })
  }
}

/** 主送机关 of every bulletin: it goes to the counties and the city's departments. */
export const BULLETIN_RECIPIENTS = '各县（市、区）信访局，市直有关部门：'

const yearIn = (date: Date) => Number(new Intl.DateTimeFormat('en', { timeZone: DISPLAY_TIME_ZONE, year: 'numeric' }).format(date))

/**
 * 机关代字 of a bulletin: the bureau's, `<first character of the city>信访` (滨海市 → 滨信访〔2026〕12号). A bulletin is a
 * document of the bureau as a whole, not of its hearing office (whose notices are numbered 滨信听…), so it has its
 * own sequence in the shared document_serials.
 */
export function bulletinPrefix (cityName: string) {
  return `${cityName.replace(/(市|县|区|自治州|地区|盟)$/u, '').slice(0, 1) || '信'}信访`
}

export const bulletinPath = (id: number) => `/api/v1/bulletins/${id}`

export function createBulletinsService ({ db, clock, figuresFor }: { db: Db, clock: Clock, figuresFor: FiguresSource }) {
  /** City staff: the whole city is their scope (admin, or an account of the city region). */
  function requireCityStaff (actor: Actor) {
    if (actor.scopePath === null) return
    if (actor.regionId !== null && repo.regionLevel(db, actor.regionId) === 'city') return
    throw cityStaffOnly()
  }

  /**
   * Issues a bulletin for the period: gathers the figures, writes the summary, numbers it with the next serial of the
   * bureau's 机关代字, renders the PDF outside any transaction, then stores bytes, hash and figures in one IMMEDIATE
   * transaction that checks the serial is still free (rendered again with the next one otherwise).
   */
  async function issue (actor: Actor, input: Period & { title?: string | undefined }) {
    requireCityStaff(actor)
    const period = { from: input.from, to: input.to }
    const problems = periodProblems(period, 'body')
    if (problems.length > 0) throw invalidBulletinPeriod({ errors: problems }, problems.map((p) => p.message).join('；'))
    const city = repo.cityRegion(db)
    if (!city) throw noCityRegion()
    const cityRules = effectiveRulesetForPath(db, city.path).config.assessment.hearingRate
    const figures = cleanViewModel(await figuresFor(actor, { ...period, cityName: city.name, cityRules }))
    const title = cleanViewModel(input.title?.trim() || bulletinTitle(period))
    const summary = summaryText(figures)
    const issuer = effectiveDocumentSettings(db, city.path).issuerName
    const prefix = bulletinPrefix(city.name)
    for (let attempt = 0; attempt < 3; attempt++) {
      const issuedAt = clock.now()
      const year = yearIn(issuedAt)
      const serial = nextDocumentSerial(db, prefix, year)
      const number = formatDocumentNumber({ prefix, year, serial })
      const rendered = await renderBulletin({ title, number, recipients: BULLETIN_RECIPIENTS, summary, figures, issuer, issuedAt }, { now: issuedAt })
      const stored = writeTransaction(db, (tx) => {
        if (!claimDocumentSerial(tx, { prefix, year, serial })) return null
        const row = repo.insertBulletin(tx, {
          number,
          numberPrefix: prefix,
          numberYear: year,
          numberSerial: serial,
          periodFrom: period.from,
          periodTo: period.to,
          title,
          issuerName: issuer,
          issuedAt,
          issuedByUserId: actor.userId,
          issuedByName: actor.displayName,
          summary,
          figures,
          sha256: rendered.sha256,
          pageCount: rendered.pageCount,
          byteSize: rendered.bytes.length,
          pdf: rendered.bytes
        })
        recordAudit(tx, { actor, at: issuedAt, action: 'bulletin.issue', entityType: 'bulletin', entityId: row.id, regionPath: city.path, after: { number, period, title, sha256: rendered.sha256 } })
        const { pdf: _pdf, figures: _figures, ...summaryRow } = row
        return summaryRow
      })
      if (stored) return stored
    }
    throw versionConflict({ reason: 'serial_contention' }, '文号被同时印发的其他文书占用，请重试')
  }

  function list () {
    return repo.listBulletins(db)
  }

  function requireBulletin (id: number) {
    const row = repo.findBulletin(db, id)
    if (!row) throw bulletinNotFound({ bulletinId: id })
    return row
  }

  function get (id: number) {
    const { pdf: _pdf, ...row } = requireBulletin(id)
    return row
  }

  /** The stored PDF, byte for byte as issued, after checking it against its recorded SHA-256 and size. */
  function pdf (id: number) {
    const row = requireBulletin(id)
    const { bytes, sha256 } = requireIntactPdf({ bytes: row.pdf, sha256: row.sha256, byteSize: row.byteSize }, bulletinPath(id))
    return { bytes, sha256, number: row.number, title: row.title, id: row.id }
  }

  /** The figures the bulletin was built from, as a workbook. */
  async function xlsx (id: number) {
    const row = get(id)
    return { bytes: await bulletinWorkbook(row), number: row.number, title: row.title, id: row.id }
  }

  return { issue, list, get, pdf, xlsx }
}
