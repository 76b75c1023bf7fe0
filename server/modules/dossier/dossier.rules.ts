/*
 * Pure rules over a hearing's dossier shared by the documents that print it (notices, minutes).
 */
import type { NamedPerson } from '../documents/documents.view-models.js'

type MemberInfo = { name: string, unit: string | null }

export function named (member: MemberInfo | undefined): NamedPerson {
  if (!member) return { name: '（待定）' }
  return member.unit ? { name: member.name, unit: member.unit } : { name: member.name }
}

/** What officersOf reads of a hearing's dossier (HearingDocumentRows). */
type Seats = {
  participants: readonly { active: boolean, kind: string, memberId: number | null, rank: number | null }[]
  members: ReadonlyMap<number, MemberInfo>
}

/** Active officers in seat order (names and units only). */
export function officersOf (rows: Seats): MemberInfo[] {
  return rows.participants
    .filter((p) => p.active && p.kind === 'officer' && p.memberId !== null)
    .sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0))
    .map((p) => rows.members.get(p.memberId!))
    .filter((m): m is NonNullable<typeof m> => m !== undefined)
}
