/** Part of the panel draw (see draw.algorithm.ts): verification of a stored record, round by round. */
import { canonicalJson } from '../../common/canonical-json.js'
import { drawRoundInvalid } from './draw.errors.js'
import { columnsOf, computeCommitment, DRAW_ALGORITHM_VERSIONS, hashServerSecret } from './draw.commitment.js'
import { deriveSeed, hmacDrbg } from './draw.random.js'
import { selectPanel } from './draw.selection.js'
import { clonePanel } from './draw.algorithm.js'
import { completeNextRound, completeRedraw, planNextRound, prepareRedraw } from './draw.rounds.js'
import type { DrawRecord, DrawSpec, DrawVerification, Panel } from './draw.types.js'

// ---------------------------------------------------------------- verification

function sameList (a: ArrayLike<number>, b: ArrayLike<number>) {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

function samePanel (a: Panel, b: Panel) {
  return sameList(a.official, b.official) && sameList(a.alternates, b.alternates) && sameList(a.vacant ?? [], b.vacant ?? [])
}

/** Everything in a spec but its candidates. */
function specHeader ({ algorithmVersion, rules, seats, alternates, localFirst }: DrawSpec) {
  return { algorithmVersion, rules, seats, alternates, localFirst }
}

/**
 * Recomputes every round of a stored record from its own inputs: secret against its hash, commitment,
 * seed, the picks of each draw (each by the rules of its algorithm version), the promotions and open seats
 * of each replacement round and the seats each redraw filled.
 */
export function verifyDraw (stored: DrawRecord): DrawVerification {
  // Each spec is copied, so it is read from its candidate list (what is stored), not from columns kept in memory.
  const record: DrawRecord = { ...stored, rounds: stored.rounds.map((r) => (r.draw ? { ...r, draw: { ...r.draw, spec: { ...r.draw.spec } } } : r)) }
  const issues: string[] = []
  const rounds: DrawVerification['rounds'] = []
  const version = record.rounds[0]?.draw?.spec.algorithmVersion
  let replay: DrawRecord | null = null
  for (const round of record.rounds) {
    const draw = round.draw
    const result = { round: round.round, kind: round.fillsSeats ? 'redraw' as const : round.kind, commitmentOk: true, seedOk: true, picksOk: true, panelOk: true, witnessValue: draw ? draw.witnessValue : null }
    try {
      if (draw) {
        const secretOk = /^[0-9a-f]{64}$/.test(draw.serverSecret) && hashServerSecret(draw.serverSecret) === draw.serverSecretHash
        if (!secretOk) { result.seedOk = false; issues.push(`第 ${round.round} 轮：服务器随机数与其哈希不符`) }
        if (!DRAW_ALGORITHM_VERSIONS.includes(draw.spec.algorithmVersion) || draw.spec.algorithmVersion !== version || computeCommitment(draw.spec, draw.serverSecretHash) !== draw.commitment) {
          result.commitmentOk = false
          issues.push(`第 ${round.round} 轮：承诺值与抽取条件不符`)
        }
        if (secretOk && deriveSeed(draw.serverSecret, draw.witnessValue) !== draw.seed) { result.seedOk = false; issues.push(`第 ${round.round} 轮：种子与随机数、见证值不符`) }
        const again = selectPanel(draw.spec, hmacDrbg(draw.seed), draw.excludedAtReveal ?? [])
        if (!sameList(again.official, draw.official) || !sameList(again.alternates, draw.alternates) || canonicalJson(again.steps) !== canonicalJson(draw.steps)) {
          result.picksOk = false
          issues.push(`第 ${round.round} 轮：按种子重新抽取的结果与记录不符`)
        }
      }
      if (round.round === 1) {
        if (!draw || round.kind !== 'initial') throw drawRoundInvalid({}, '第一轮必须是初次抽取')
        replay = { algorithmVersion: record.algorithmVersion, rounds: [round], panel: clonePanel({ official: draw.official, alternates: draw.alternates }) }
      } else if (replay && round.fillsSeats) {
        if (!draw || round.kind !== 'replacement') throw drawRoundInvalid({}, '补抽轮次缺少抽取')
        const expected = prepareRedraw(replay, columnsOf(draw.spec), draw.serverSecret).spec
        if (canonicalJson(specHeader(expected)) !== canonicalJson(specHeader(draw.spec))) {
          result.panelOk = false
          issues.push(`第 ${round.round} 轮：补抽的席位或组成要求与规则不符`)
        }
        if (!sameList(columnsOf(expected).ids, columnsOf(draw.spec).ids)) {
          result.panelOk = false
          issues.push(`第 ${round.round} 轮：补抽的名单含已抽中过的人员`)
        }
        const next = completeRedraw(replay, draw, round.reason ?? '')
        if (canonicalJson(next.rounds.at(-1)!.fillsSeats) !== canonicalJson(round.fillsSeats)) { result.panelOk = false; issues.push(`第 ${round.round} 轮：补抽的席位与空缺席位不符`) }
        replay = { ...next, rounds: [...replay.rounds, round] }
      } else if (replay) {
        if (round.kind !== 'replacement') throw drawRoundInvalid({}, '轮次类型不明')
        const planned = planNextRound(replay, { exclude: round.exclude, reason: round.reason ?? '', alternatesExcluded: round.alternatesExcluded, candidates: draw ? columnsOf(draw.spec) : undefined }, draw?.serverSecret ?? null)
        if (canonicalJson(planned.promotions) !== canonicalJson(round.promotions)) { result.panelOk = false; issues.push(`第 ${round.round} 轮：递补顺序与规则不符`) }
        if (draw !== null && planned.redraw === null) { result.panelOk = false; issues.push(`第 ${round.round} 轮：是否需要重新抽取与规则不符`) }
        if (planned.redraw && draw) {
          const expected = planned.redraw.spec
          if (canonicalJson(specHeader(expected)) !== canonicalJson(specHeader(draw.spec))) {
            result.panelOk = false
            issues.push(`第 ${round.round} 轮：重新抽取的席位或组成要求与规则不符`)
          }
          if (!sameList(columnsOf(expected).ids, columnsOf(draw.spec).ids)) {
            result.panelOk = false
            issues.push(`第 ${round.round} 轮：重新抽取的名单含已抽中过的人员`)
          }
        }
        const next = completeNextRound(replay, planned, draw ? { serverSecret: draw.serverSecret, witnessValue: draw.witnessValue } : null)
        replay = { ...next, rounds: [...replay.rounds, round] }
      }
      if (replay && !samePanel(replay.panel, round.panel)) {
        result.panelOk = false
        issues.push(`第 ${round.round} 轮：名单与重演结果不符`)
      }
      if (replay) replay = { ...replay, panel: clonePanel(round.panel) }
    } catch (error) {
      result.picksOk = false
      issues.push(`第 ${round.round} 轮：无法重演（${error instanceof Error ? error.message : String(error)}）`)
      replay = null
    }
    rounds.push(result)
  }
  const last = record.rounds.at(-1)
  if (!last || !samePanel(last.panel, record.panel)) {
    issues.push('当前名单与最后一轮不符')
  }
  return { valid: issues.length === 0, rounds, issues }
}
