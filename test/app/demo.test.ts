import { describe, expect, test } from 'vitest'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import iconv from 'iconv-lite'

const TSX = join(process.cwd(), 'node_modules/.bin/tsx')

describe('npm run demo', () => {
  test('writes the documents of a whole case and the assessment files: a bulletin, the provincial export and the pay ledger', () => {
    const out = mkdtempSync(join(tmpdir(), 'tingzheng-demo-test-'))
    try {
      execFileSync(TSX, ['scripts/demo.ts', '--out', out], { stdio: 'pipe', timeout: 120_000 })
      const files = readdirSync(out)
      const file = (prefix: string) => readFileSync(join(out, files.find((f) => f.startsWith(prefix))!))
      for (const prefix of ['01-', '07-', '08-', '09-', '09b-', '10-', '10b-', '11-']) expect(files.some((f) => f.startsWith(prefix)), prefix).toBe(true)
      expect(file('09-').subarray(0, 5).toString('latin1')).toBe('%PDF-')
      // .xlsx files are zip archives
      for (const prefix of ['09b-', '10-', '11-']) expect(file(prefix).subarray(0, 2).toString('latin1'), prefix).toBe('PK')
      const csv = iconv.decode(file('10b-'), 'gbk')
      expect(csv.split('\r\n')[0]).toMatch(/^事项编号,事项标题,所属区县/)
      expect(csv).toContain('关于渤海社区旧村改造安置补偿的信访事项')
      expect(csv).toContain('SD-XF-2026-118734')
    } finally { rmSync(out, { recursive: true, force: true }) }
  }, 150_000)
})
