/**
 * Document rendering: a 10-page hearing minutes PDF and one notice, with pdfkit and the embedded Noto Serif SC
 * subset; and, when LibreOffice is installed, the same minutes text converted from a flat ODT by soffice.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { renderDocument, resolveDocument } from '../../server/modules/documents/documents.render.js'
import type { ResolvedBlock, ResolvedDocument } from '../../server/modules/documents/documents.template.js'
import { longMinutes, MINUTES_10_PAGES, NOW, petitionerNotice } from '../../test/modules/documents/fixtures.js'
import { medianMs, round, type Figure } from './types.js'

const minutes = longMinutes(MINUTES_10_PAGES)
const transcriptEntries = [minutes.opening, minutes.recusal, minutes.statements, minutes.questions, minutes.debate, minutes.finalStatements, minutes.closing]
  .reduce((n, section) => n + section.length, 0)

async function renderMinutes () {
  return renderDocument('minutes', minutes, { now: NOW })
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

function odtParagraphs (block: ResolvedBlock): string[] {
  const p = (text: string, style = 'Body') => text.split('\n').map((line) => `<text:p text:style-name="${style}">${escapeXml(line)}</text:p>`)
  switch (block.type) {
    case 'heading': return p(block.text, 'Heading')
    case 'paragraph': return p(block.text)
    case 'field-list': return block.fields.flatMap((f) => p(`${f.label}：${f.value}`))
    case 'list': return block.items.flatMap((item, i) => p(`${i + 1}. ${item}`))
    case 'transcript': return block.entries.flatMap((e) => p(`${e.speaker}：${e.text}`))
    case 'table': {
      const cell = (text: string) => `<table:table-cell office:value-type="string">${p(text).join('')}</table:table-cell>`
      const rows = [...(block.showHeader ? [block.columns.map((c) => c.header)] : []), ...block.rows]
      return [
        `<table:table><table:table-column table:number-columns-repeated="${block.columns.length}"/>`,
        ...rows.map((row) => `<table:table-row>${row.map(cell).join('')}</table:table-row>`),
        '</table:table>'
      ]
    }
    case 'signature-block': return [...p(block.title ?? '', 'Heading'), ...block.entries.flatMap((e) => p(`${e.role}\u3000${e.name}\u3000签名：__________\u3000年\u3000月\u3000日`))]
    case 'issuer-block': return [...p(block.issuer), ...p(block.date)]
    case 'spacer': return p('')
  }
}

/** The same minutes text as a minimal flat OpenDocument file (one XML file that soffice opens directly). */
export function minutesAsFlatOdt (doc: ResolvedDocument) {
  return `<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
  xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
  xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:styles>
  <style:style style:name="Body" style:family="paragraph"><style:text-properties fo:font-size="12pt" style:font-name-asian="Noto Serif CJK SC"/></style:style>
  <style:style style:name="Heading" style:family="paragraph"><style:text-properties fo:font-size="12pt" fo:font-weight="bold" style:font-weight-asian="bold"/></style:style>
  <style:style style:name="Title" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/><style:text-properties fo:font-size="22pt" fo:font-weight="bold" style:font-weight-asian="bold"/></style:style>
</office:styles>
<office:automatic-styles>
  <style:page-layout style:name="A4"><style:page-layout-properties fo:page-width="210mm" fo:page-height="297mm" fo:margin-top="37mm" fo:margin-bottom="35mm" fo:margin-left="28mm" fo:margin-right="26mm"/></style:page-layout>
</office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="A4"/></office:master-styles>
<office:body><office:text>
<text:p text:style-name="Title">${escapeXml(doc.title)}</text:p>
${doc.blocks.flatMap(odtParagraphs).join('\n')}
</office:text></office:body>
</office:document>
`
}

function findSoffice () {
  for (const name of ['soffice', 'libreoffice']) {
    const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' })
    if (found.status === 0 && found.stdout.trim()) return found.stdout.trim()
  }
  return null
}

export const figures: Figure[] = [
  {
    name: 'minutes_pdf_10p_median_ms',
    run: async () => {
      const { pageCount } = await renderMinutes()
      const value = await medianMs(renderMinutes, { runs: 20, warmup: 3 })
      return { value: round(value, 1), unit: 'ms', sizes: `${pageCount} pages, ${transcriptEntries} transcript entries, ${minutes.evidence.length} evidence rows, ${minutes.signatories.length} signatories; goal <= 250 ms` }
    }
  },
  {
    name: 'minutes_pdf_10p_kb',
    run: async () => {
      const { bytes, pageCount } = await renderMinutes()
      return { value: round(bytes.length / 1024, 1), unit: 'KB', sizes: `${pageCount} pages, Noto Serif SC Regular+Bold subset embedded; goal <= 400 KB` }
    }
  },
  {
    name: 'notice_pdf_median_ms',
    run: async () => {
      const render = () => renderDocument('hearing-notice-petitioner', petitionerNotice, { now: NOW })
      const { pageCount } = await render()
      const value = await medianMs(render, { runs: 50, warmup: 5 })
      return { value: round(value, 1), unit: 'ms', sizes: `听证通知书 (petitioner), ${pageCount} pages; goal <= 50 ms` }
    }
  },
  {
    name: 'libreoffice_minutes_median_ms',
    run: async () => {
      const soffice = findSoffice()
      if (!soffice) return { skipped: 'soffice (LibreOffice) is not installed on this machine' }
      const dir = mkdtempSync(join(tmpdir(), 'tz-bench-soffice-'))
      try {
        const source = join(dir, 'minutes.fodt')
        writeFileSync(source, minutesAsFlatOdt(resolveDocument('minutes', minutes)))
        const profile = pathToFileURL(join(dir, 'profile')).href
        // one fresh soffice process per conversion, as a server would run it; the first run also creates the profile
        const convert = () => execFileSync(soffice, [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, source], { stdio: 'ignore', timeout: 120_000 })
        const value = await medianMs(convert, { runs: 5, warmup: 1 })
        return { value: round(value, 0), unit: 'ms', sizes: 'same minutes text as minutes_pdf_10p, flat ODT → PDF, one soffice process per run' }
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    }
  }
]
