import { REGION_LEVELS, type RegionLevel } from '../../../db/schema/enums.js'

export const REGION_LEVEL_NAMES: Record<RegionLevel, string> = {
  city: '市',
  county: '县（市、区）',
  township: '乡镇（街道）',
  village: '村（社区）'
}

/** The level a child of `parent` has; a root is a city; villages have no children. */
export function childLevel (parent: RegionLevel | null): RegionLevel | null {
  if (parent === null) return 'city'
  return REGION_LEVELS[REGION_LEVELS.indexOf(parent) + 1] ?? null
}

export function childPath (parentPath: string | null, id: number) {
  return `${parentPath ?? '/'}${id}/`
}
