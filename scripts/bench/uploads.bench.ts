/**
 * zip_bomb_rss_mb: how much the resident memory of a `node dist/main.mjs` process grows while it refuses
 * hidden-header zip bombs: a valid-looking .xlsx whose sheet, starting with the template's header row, hides
 * inside a stored filler entry and inflates to 600 MB. Four variants (a central directory that lies about the
 * sheet's size, a filler declaring 700 MB, the sheet listed twice, the truth told about 600 MB), each uploaded
 * twice. The figure is the process's peak (VmHWM) minus its RSS before the first upload. Goal < 100 MB.
 */
import { execFileSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { hiddenHeaderBomb, type HiddenHeaderBomb } from '../../test/helpers/zip.js'
import { round, type Figure } from './types.js'
import { startBundle } from './bundle-process.js'

const PASSWORD = 'Bench-zip-guard-4821'
const INFLATED = 600 * 1024 * 1024
const UPLOADS_EACH = 2
const VARIANTS: HiddenHeaderBomb[] = [
  { inflated: INFLATED, declared: 1024, copies: 1 },
  { inflated: INFLATED, fillerDeclared: 700 * 1024 * 1024, copies: 1 },
  { inflated: INFLATED, declared: 1024, copies: 2 },
  { inflated: INFLATED, copies: 1 }
]

/** The import template's header row, as the service hands it out. */
async function templateHeaders (url: string, token: string) {
  const res = await fetch(`${url}/api/v1/pool/import-template.xlsx`, { headers: { authorization: `Bearer ${token}` } })
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer)
  return ((wb.worksheets[0]!.getRow(1).values as unknown[]).slice(1)).map((h) => String(h).replace(/\*$/, ''))
}

/** VmRSS and VmHWM of a process, in bytes. */
function memoryOf (pid: number) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024
  return { rss: kb('VmRSS'), peak: kb('VmHWM') }
}

async function upload (url: string, token: string, content: Buffer) {
  const form = new FormData()
  form.append('file', new Blob([content]), 'members.xlsx')
  const res = await fetch(`${url}/api/v1/pool/imports?mode=commit`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form })
  const body = await res.json() as { code?: string }
  return { status: res.status, code: body.code ?? '' }
}

async function measure () {
  execFileSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' })
  const dir = mkdtempSync(join(tmpdir(), 'tz-bench-zip-'))
  const started: ChildProcess[] = []
  try {
    const { url, pid } = await startBundle(join(dir, 'bench.db'), started, { ADMIN_PASSWORD: PASSWORD })
    const login = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: PASSWORD }) })
    const { token } = await login.json() as { token: string }
    const headers = await templateHeaders(url, token)
    const wb = new ExcelJS.Workbook()
    wb.addWorksheet('听证员名单').addRow(headers)
    const workbook = Buffer.from(await wb.xlsx.writeBuffer())
    const bombs = VARIANTS.map((v) => hiddenHeaderBomb(workbook, headers, v))
    // settle: the first request of each kind loads code and compiles schemas
    await upload(url, token, workbook)
    const before = memoryOf(pid)
    const answers: string[] = []
    for (const bomb of bombs) {
      for (let i = 0; i < UPLOADS_EACH; i++) {
        const { status, code } = await upload(url, token, bomb)
        if (status >= 500 || status < 400) throw new Error(`bomb answered ${status} ${code}`)
        answers.push(`${status} ${code}`)
      }
    }
    const after = memoryOf(pid)
    return {
      growth: (after.peak - before.rss) / 1024 / 1024,
      sizes: `${bombs.length} hidden-header bombs of ${bombs.map((b) => `${Math.round(b.length / 1024)} KB`).join(', ')} (sheet inflating to ${INFLATED / 1024 / 1024} MB), each uploaded ${UPLOADS_EACH}×, answered ${[...new Set(answers)].join(', ')}; RSS before ${round(before.rss / 1024 / 1024, 0)} MB, after ${round(after.rss / 1024 / 1024, 0)} MB, peak ${round(after.peak / 1024 / 1024, 0)} MB; goal < 100`
    }
  } finally {
    await Promise.all(started.map((c) => new Promise((resolve) => { c.once('exit', resolve); c.kill('SIGTERM') })))
    rmSync(dir, { recursive: true, force: true })
  }
}

export const figures: Figure[] = [
  {
    name: 'zip_bomb_rss_mb',
    run: async () => {
      const { growth, sizes } = await measure()
      return { value: round(growth, 1), unit: 'MB', sizes }
    }
  }
]
