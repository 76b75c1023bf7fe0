import { describe, expect, test } from 'vitest'
import {
  DEFAULT_RULESET, PRESETS, compositionFor, findPreset, hearingRuleset, leafPaths, panelSizeIssue, resolveRuleset, rulesetFingerprint, upgradeRulesetConfig, validateRuleset
} from '../../../server/modules/rulesets/rulesets.config.js'
import { DomainError } from '../../../server/errors.js'

function issuesOf (fn: () => unknown) {
  try { fn() } catch (error) {
    if (error instanceof DomainError) return { code: error.code, issues: error.extra?.issues as { field: string, message: string }[] }
    throw error
  }
  throw new Error('expected an error')
}

describe('defaults and presets', () => {
  test('the national defaults are valid and every value names its source', () => {
    expect(validateRuleset(DEFAULT_RULESET).ok).toBe(true)
    const paths = leafPaths(DEFAULT_RULESET)
    expect(paths).toContain('deadlines.reReview.excludeHearingTime')
    for (const path of paths) expect(DEFAULT_RULESET.sources[path], path).toBeDefined()
    expect(DEFAULT_RULESET.sources['deadlines.handling.days']).toMatchObject({ tag: 'NAT' })
    expect(DEFAULT_RULESET.sources['crossRegion.allowed']).toMatchObject({ tag: 'SEED' })
  })

  test('every preset is a complete, valid configuration with a source for each value', () => {
    expect(PRESETS.map((p) => p.id)).toEqual(expect.arrayContaining(['national-default', 'shandong-2006', 'anhui-2017', 'guangxi-2024', 'xx-region']))
    for (const preset of PRESETS) {
      expect(validateRuleset(preset.config).ok, preset.id).toBe(true)
      for (const path of leafPaths(preset.config)) expect(preset.config.sources[path], `${preset.id} ${path}`).toBeDefined()
    }
  })

  test('Shandong 2006: 10 working days notice for the general procedure (the simple one keeps its default) and 5 or more, odd', () => {
    const c = findPreset('shandong-2006')!.config
    expect(c.noticeLeadTime).toEqual({ general: { days: 10, unit: 'working' }, simple: DEFAULT_RULESET.noticeLeadTime.simple })
    expect(c.panel.general).toMatchObject({ min: 5, odd: true })
    expect(c.sources['noticeLeadTime.general.days']).toMatchObject({ tag: 'LOCAL', ref: expect.stringContaining('S3b：提前 10 个工作日') })
    expect(c.sources['noticeLeadTime.simple.days']).toEqual(DEFAULT_RULESET.sources['noticeLeadTime.simple.days'])
  })

  test('notice lead time and publicity are set per procedure; the simple procedure is quicker by default', () => {
    expect(DEFAULT_RULESET.noticeLeadTime).toEqual({ simple: { days: 3, unit: 'working' }, general: { days: 7, unit: 'calendar' } })
    expect(DEFAULT_RULESET.publicity.general).toMatchObject({ defaultPublic: true, announce: true })
    expect(DEFAULT_RULESET.publicity.simple).toMatchObject({ defaultPublic: true, announce: false })
    for (const preset of PRESETS) {
      // no preset's source gives a number for the simple procedure, so none changes it
      expect(preset.config.noticeLeadTime.simple, preset.id).toEqual(DEFAULT_RULESET.noticeLeadTime.simple)
    }
    for (const [path, ref] of Object.entries(DEFAULT_RULESET.sources)) {
      if (!/^(noticeLeadTime|publicity|openingWindow)\./.test(path)) continue
      expect(ref.ref, path).not.toMatch(/DOMAIN|ANCHORS|议题/)
      expect(ref.ref, path).toMatch(/S\d|S-A\d/)
    }
  })

  test('request windows and hearing timing cite their sources, never an outside note', () => {
    expect(DEFAULT_RULESET.deadlines.reviewRequest).toEqual({ days: 30, unit: 'calendar' })
    expect(DEFAULT_RULESET.deadlines.reReviewRequest).toEqual({ days: 30, unit: 'calendar' })
    expect(DEFAULT_RULESET.sources['deadlines.reviewRequest.days']).toMatchObject({ tag: 'NAT', ref: expect.stringContaining('第三十五条') })
    expect(DEFAULT_RULESET.sources['deadlines.reReviewRequest.days']).toMatchObject({ tag: 'NAT', ref: expect.stringContaining('第三十六条') })
    for (const [path, ref] of Object.entries(DEFAULT_RULESET.sources)) {
      if (!/^(deadlines\.(reviewRequest|reReviewRequest)|hearingTiming)\./.test(path)) continue
      expect(ref.ref, path).not.toMatch(/DOMAIN|ANCHORS|议题/)
      expect(ref.ref, path).toMatch(/S\d|S-A\d/)
    }
  })

  test('Anhui: panels of 7 or 9 and no hearing on privacy or secrets', () => {
    const c = findPreset('anhui-2017')!.config
    expect(c.panel.general).toMatchObject({ min: 7, max: 9, odd: true })
    expect(c.privacy).toBe('refuse')
    expect(panelSizeIssue(c, 'general', 8)).toMatch(/单数/)
    expect(panelSizeIssue(c, 'general', 5)).toMatch(/7 至 9/)
    expect(panelSizeIssue(c, 'general', 9)).toBeNull()
  })

  test('Henan 2006 holds hearings only at 复核; Guangxi 2024 refuses privacy matters', () => {
    expect(findPreset('henan-2006')!.config.hearingStages).toEqual(['reReview'])
    expect(findPreset('guangxi-2024')!.config.privacy).toBe('refuse')
  })

  test('composition rules bind the general procedure only by default; the simple one may sit alone', () => {
    expect(compositionFor(DEFAULT_RULESET, 'general').map((r) => r.label)).toEqual(['律师或法律工作者', '党代表、人大代表或政协委员'])
    expect(compositionFor(DEFAULT_RULESET, 'simple')).toEqual([])
    expect(panelSizeIssue(DEFAULT_RULESET, 'simple', 0)).toBeNull()
    expect(panelSizeIssue(DEFAULT_RULESET, 'simple', 4)).toMatch(/0 至 3/)
    expect(panelSizeIssue(DEFAULT_RULESET, 'general', 4)).toMatch(/单数|5 至 9/)
  })
})

describe('resolveRuleset (region inheritance)', () => {
  test('the child overrides the parent; untouched siblings are inherited; overridden values take the layer as source', () => {
    const resolved = resolveRuleset([
      { label: '滨海市规则 v1', config: { noticeLeadTime: { general: { days: 10, unit: 'working' } }, caps: { perWeek: 1 } } },
      { label: '东城区规则 v2', config: { noticeLeadTime: { general: { days: 5 } }, sources: { 'noticeLeadTime.general.days': { tag: 'LOCAL', ref: '东城区发〔2026〕1号' } } } }
    ])
    expect(resolved.noticeLeadTime.general).toEqual({ days: 5, unit: 'working' })
    expect(resolved.noticeLeadTime.simple).toEqual(DEFAULT_RULESET.noticeLeadTime.simple)
    expect(resolved.caps).toEqual({ perWeek: 1, perMonth: 4 })
    expect(resolved.sources['noticeLeadTime.general.days']).toEqual({ tag: 'LOCAL', ref: '东城区发〔2026〕1号' })
    expect(resolved.sources['noticeLeadTime.general.unit']).toEqual({ tag: 'LOCAL', ref: '滨海市规则 v1' })
    expect(resolved.sources['caps.perMonth']).toEqual(DEFAULT_RULESET.sources['caps.perMonth'])
  })

  test('arrays replace whole rather than merge', () => {
    const resolved = resolveRuleset([{ label: 'x', config: { composition: [{ label: '律师', min: 2, match: { field: 'profession', anyOf: ['lawyer'] }, appliesTo: ['general', 'simple'] }] } }])
    expect(resolved.composition).toHaveLength(1)
    expect(compositionFor(resolved, 'simple')).toHaveLength(1)
  })

  test('a layer may be a whole preset; a later layer still wins', () => {
    const anhui = findPreset('anhui-2017')!
    const resolved = resolveRuleset([{ label: anhui.name, config: anhui.config }, { label: '某县', config: { privacy: 'non_public' } }])
    expect(resolved.panel.general.min).toBe(7)
    expect(resolved.privacy).toBe('non_public')
    expect(resolved.sources.privacy).toEqual({ tag: 'LOCAL', ref: '某县' })
  })

  test('an unknown field or a wrong type is a typed error naming the layer and the field', () => {
    const r = issuesOf(() => resolveRuleset([{ label: '东城区', config: { noticeLeadTime: { general: { days: 'ten' } }, travelBuffer: 30 } }]))
    expect(r.code).toBe('scheduling.ruleset_invalid')
    expect(r.issues.map((i) => i.field)).toEqual(expect.arrayContaining(['noticeLeadTime.general.days', 'travelBuffer']))
    expect(r.issues.every((i) => i.message.startsWith('东城区：'))).toBe(true)
  })

  test('layers that are each fine can combine into an invalid whole: parent raises min, child lowers max', () => {
    const r = issuesOf(() => resolveRuleset([
      { label: '市', config: { panel: { general: { min: 7, default: 7 } } } },
      { label: '县', config: { panel: { general: { max: 5 } } } }
    ]))
    expect(r.issues.map((i) => i.field)).toEqual(expect.arrayContaining(['panel.general.min', 'panel.general.default']))
  })

  test('an even default for an odd-only panel, week cap above month cap and a dangling source are refused', () => {
    const r = issuesOf(() => resolveRuleset([{ label: 'x', config: { panel: { general: { default: 6 } }, caps: { perWeek: 5, perMonth: 3 }, sources: { 'nope.path': { tag: 'INFER', ref: 'x' } } } }]))
    expect(r.issues.map((i) => i.field)).toEqual(expect.arrayContaining(['panel.general.default', 'caps.perWeek']))
    const dangling = issuesOf(() => resolveRuleset([], { ...DEFAULT_RULESET, sources: { ...DEFAULT_RULESET.sources, 'nope.path': { tag: 'INFER', ref: 'x' } } }))
    expect(dangling.issues).toEqual([expect.objectContaining({ field: 'sources.nope.path' })])
  })

  test('a composition minimum larger than the panel can hold is refused', () => {
    const r = issuesOf(() => resolveRuleset([{ label: 'x', config: { composition: [{ label: '律师', min: 10, match: { field: 'profession', anyOf: ['lawyer'] }, appliesTo: ['general'] }] } }]))
    expect(r.issues).toEqual([expect.objectContaining({ field: 'composition.0.min' })])
  })

  test('the fingerprint depends on content, not key order', () => {
    const a = resolveRuleset([{ label: 'x', config: { caps: { perWeek: 1, perMonth: 3 } } }])
    const b = resolveRuleset([{ label: 'x', config: { caps: { perMonth: 3, perWeek: 1 } } }])
    expect(rulesetFingerprint(a)).toBe(rulesetFingerprint(b))
    expect(rulesetFingerprint(a)).not.toBe(rulesetFingerprint(DEFAULT_RULESET))
  })

  test('a layer stored in the old flat shape (one noticeLeadTime for both procedures) loads as the general procedure\'s, with its source', () => {
    const legacy = { noticeLeadTime: { days: 10, unit: 'working' }, sources: { 'noticeLeadTime.days': { tag: 'LOCAL', ref: '滨海市听证办法第八条' } } }
    const resolved = resolveRuleset([{ label: '滨海市规则 v1', config: legacy }])
    expect(resolved.noticeLeadTime).toEqual({ general: { days: 10, unit: 'working' }, simple: DEFAULT_RULESET.noticeLeadTime.simple })
    expect(resolved.sources['noticeLeadTime.general.days']).toEqual({ tag: 'LOCAL', ref: '滨海市听证办法第八条' })
    expect(resolved.sources['noticeLeadTime.general.unit']).toEqual({ tag: 'LOCAL', ref: '滨海市规则 v1' })
    expect(resolved.sources).not.toHaveProperty('noticeLeadTime.days')
    expect(upgradeRulesetConfig(legacy)).toEqual({ noticeLeadTime: { general: { days: 10, unit: 'working' } }, sources: { 'noticeLeadTime.general.days': { tag: 'LOCAL', ref: '滨海市听证办法第八条' } } })
    // the current shape, or a mixed one (left to validation), is not touched
    const current = { noticeLeadTime: { simple: { days: 2 } } }
    expect(upgradeRulesetConfig(current)).toBe(current)
    expect(issuesOf(() => resolveRuleset([{ label: 'x', config: { noticeLeadTime: { days: 3, general: { days: 5 } } } }])).issues.map((i) => i.field)).toContain('noticeLeadTime.days')
  })

  test('a hearing\'s snapshot from before publicity and the opening window existed reads with the defaults filled in', () => {
    const { publicity: _p, openingWindow: _o, noticeLeadTime: _n, sources, ...rest } = findPreset('henan-2006')!.config
    const oldSources = Object.fromEntries(Object.entries(sources).filter(([k]) => !/^(publicity|openingWindow|noticeLeadTime)\./.test(k)))
    const snapshot = { ...rest, noticeLeadTime: { days: 10, unit: 'calendar' }, sources: { ...oldSources, 'noticeLeadTime.days': { tag: 'LOCAL', ref: 'S12：提前 10 日' } } }
    const read = hearingRuleset(snapshot)
    expect(read.noticeLeadTime).toEqual({ general: { days: 10, unit: 'calendar' }, simple: DEFAULT_RULESET.noticeLeadTime.simple })
    expect(read.publicity).toEqual(DEFAULT_RULESET.publicity)
    expect(read.openingWindow).toEqual(DEFAULT_RULESET.openingWindow)
    expect(read.hearingStages).toEqual(['reReview'])
    expect(read.sources['noticeLeadTime.general.days']).toEqual({ tag: 'LOCAL', ref: 'S12：提前 10 日' })
    expect(validateRuleset(read).ok).toBe(true)
  })

  test('resolving does not mutate the base or the layers', () => {
    const before = JSON.stringify(DEFAULT_RULESET)
    const layer = { noticeLeadTime: { general: { days: 3 } } }
    resolveRuleset([{ label: 'x', config: layer }])
    expect(JSON.stringify(DEFAULT_RULESET)).toBe(before)
    expect(layer).toEqual({ noticeLeadTime: { general: { days: 3 } } })
  })
})
