import { describe, expect, test } from 'vitest'
import {
  DEFAULT_RULESET, PRESETS, compositionFor, findPreset, leafPaths, panelSizeIssue, resolveRuleset, rulesetFingerprint, validateRuleset
} from '../../../server/modules/scheduling/rulesets.js'
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

  test('Shandong 2006: 10 working days notice and 5 or more, odd', () => {
    const c = findPreset('shandong-2006')!.config
    expect(c.noticeLeadTime).toEqual({ days: 10, unit: 'working' })
    expect(c.panel.general).toMatchObject({ min: 5, odd: true })
    expect(c.sources['noticeLeadTime.days']).toEqual({ tag: 'LOCAL', ref: 'S3b：提前 10 个工作日' })
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
      { label: '滨海市规则 v1', config: { noticeLeadTime: { days: 10, unit: 'working' }, caps: { perWeek: 1 } } },
      { label: '东城区规则 v2', config: { noticeLeadTime: { days: 5 }, sources: { 'noticeLeadTime.days': { tag: 'LOCAL', ref: '东城区发〔2026〕1号' } } } }
    ])
    expect(resolved.noticeLeadTime).toEqual({ days: 5, unit: 'working' })
    expect(resolved.caps).toEqual({ perWeek: 1, perMonth: 4 })
    expect(resolved.sources['noticeLeadTime.days']).toEqual({ tag: 'LOCAL', ref: '东城区发〔2026〕1号' })
    expect(resolved.sources['noticeLeadTime.unit']).toEqual({ tag: 'LOCAL', ref: '滨海市规则 v1' })
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
    const r = issuesOf(() => resolveRuleset([{ label: '东城区', config: { noticeLeadTime: { days: 'ten' }, travelBuffer: 30 } }]))
    expect(r.code).toBe('scheduling.ruleset_invalid')
    expect(r.issues.map((i) => i.field)).toEqual(expect.arrayContaining(['noticeLeadTime.days', 'travelBuffer']))
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

  test('resolving does not mutate the base or the layers', () => {
    const before = JSON.stringify(DEFAULT_RULESET)
    const layer = { noticeLeadTime: { days: 3 } }
    resolveRuleset([{ label: 'x', config: layer }])
    expect(JSON.stringify(DEFAULT_RULESET)).toBe(before)
    expect(layer).toEqual({ noticeLeadTime: { days: 3 } })
  })
})
