import type { AliasKind, OrganisationKind } from '../../../db/schema/index.js'

export const ORGANISATION_KIND_LABELS: Record<OrganisationKind, string> = {
  agency: '党政机关',
  institution: '事业单位',
  enterprise: '企业',
  law_firm: '律师事务所',
  social_organisation: '社会组织',
  committee: '村（居）民委员会',
  other: '其他'
}

export const ALIAS_KIND_LABELS: Record<AliasKind, string> = {
  short: '简称',
  former: '曾用名',
  other: '其他名称'
}

/**
 * The form names are compared in: NFKC (full-width letters, digits and brackets become half-width),
 * no whitespace, Latin letters in lower case. "滨海市 人社局（本部）" and "滨海市人社局(本部)" are the same key.
 */
export function organisationNameKey (name: string): string {
  return name.normalize('NFKC').replace(/\s+/gu, '').toLowerCase()
}

export type OrganisationNames = { id: number, name: string, aliases: readonly string[] }

/** Every key an organisation answers to: its name and each alias. */
export function organisationKeys (org: Pick<OrganisationNames, 'name' | 'aliases'>): Set<string> {
  return new Set([org.name, ...org.aliases].map(organisationNameKey).filter((k) => k !== ''))
}

/**
 * True when two organisations are the same unit for recusal: the same id, or a name or alias of one equals a name
 * or alias of the other (after normalisation). A member who worked at "滨海市国土资源局" matches the agency now
 * called "滨海市自然资源和规划局" when that agency lists the old name as a former name.
 */
export function organisationMatches (a: OrganisationNames, b: OrganisationNames): boolean {
  if (a.id === b.id) return true
  const keys = organisationKeys(a)
  for (const key of organisationKeys(b)) if (keys.has(key)) return true
  return false
}

/** True when a free-text unit name (e.g. typed into a petition) names the organisation or one of its aliases. */
export function organisationNamed (org: Pick<OrganisationNames, 'name' | 'aliases'>, name: string): boolean {
  const key = organisationNameKey(name)
  return key !== '' && organisationKeys(org).has(key)
}
