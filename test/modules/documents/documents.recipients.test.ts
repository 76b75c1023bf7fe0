import { describe, expect, test } from 'vitest'
import { renderDocument } from '../../../server/modules/documents/documents.render.js'
import type { DocumentKind, DocumentViewModels, NamedPerson, PartyName } from '../../../server/modules/documents/documents.view-models.js'
import * as fixtures from './fixtures.js'
import { inspectPdf, squash } from './pdf-inspect.js'

const { petitionerRow, hostRow, officerRows, recorderRow } = fixtures
const members = [hostRow, ...officerRows, recorderRow]
const memberSecrets = members.flatMap((m) => [m.phone, m.idNumber])
const petitionerSecrets = [petitionerRow.phone, petitionerRow.idNumber]

async function pdfText<K extends DocumentKind> (kind: K, viewModel: DocumentViewModels[K]) {
  return (await inspectPdf((await renderDocument(kind, viewModel, { now: fixtures.NOW })).bytes)).text
}

function expectNoneOf (text: string, secrets: string[]) {
  for (const secret of secrets) expect(text, `found ${secret}`).not.toContain(squash(secret))
}

describe('per-recipient content: the types have no field for it, and rows passed in whole do not leak it', () => {
  test('the petitioner\'s notice names the panel for recusal but shows none of their phones or ID numbers', async () => {
    const text = await pdfText('hearing-notice-petitioner', fixtures.petitionerNotice)
    for (const member of members) expect(text).toContain(member.name)
    expectNoneOf(text, memberSecrets)
  })

  test('the rights notice and the service receipt addressed to the petitioner show no member\'s phone or ID number', async () => {
    expectNoneOf(await pdfText('rights-notice', fixtures.rightsNotice), memberSecrets)
    expectNoneOf(await pdfText('service-receipt', fixtures.serviceReceipt), memberSecrets)
  })

  test('the respondent\'s notice shows no member\'s phone or ID number', async () => {
    expectNoneOf(await pdfText('hearing-notice-respondent', fixtures.respondentNotice), memberSecrets)
  })

  test('a member\'s invitation names the petitioner but shows neither the petitioner\'s phone nor ID number, even when typed into the summary', async () => {
    const summary = `${fixtures.matter.summary}信访人联系电话${petitionerRow.phone}，身份证号码${petitionerRow.idNumber}。`
    const text = await pdfText('member-invitation', { ...fixtures.memberInvitation, matter: { ...fixtures.matter, summary } })
    expect(text).toContain(petitionerRow.name)
    expectNoneOf(text, petitionerSecrets)
    expect(text).toContain('138****5678')
    expect(text).toContain('330203********1234')
  })

  test('the records (minutes, deliberation, draw) carry no phone or ID number of anyone', async () => {
    const all = [...memberSecrets, ...petitionerSecrets]
    expectNoneOf(await pdfText('minutes', fixtures.minutes()), all)
    expectNoneOf(await pdfText('deliberation-record', fixtures.deliberation), all)
    expectNoneOf(await pdfText('draw-record', fixtures.drawRecord), all)
  })

  test('the view-model types refuse the fields outright', () => {
    const onPetitionerNotice: NamedPerson = {
      name: hostRow.name,
      // @ts-expect-error a member's phone has no field on a document for the petitioner
      phone: hostRow.phone
    }
    const onMemberInvitation: PartyName = {
      name: petitionerRow.name,
      // @ts-expect-error the petitioner's ID number has no field on a document for a member
      idNumber: petitionerRow.idNumber
    }
    expect([onPetitionerNotice.name, onMemberInvitation.name]).toEqual([hostRow.name, petitionerRow.name])
  })
})
