import { describe, expect, test } from 'vitest'
import { eq } from 'drizzle-orm'
import { createTestApp, type TestApp } from '../../helpers/app.js'
import { auditLogTable, outboxMessagesTable, type OutboxStatus } from '../../../db/schema/index.js'
import { enqueueMail, icsAttachment, pdfAttachment } from '../../../server/modules/mail/mail.outbox.service.js'

function seed (t: TestApp, statuses: OutboxStatus[]) {
  const at = t.clock.now()
  for (const [i, status] of statuses.entries()) {
    const { id } = t.db.transaction((tx) => enqueueMail(tx, {
      to: { address: `m${i}@example.cn`, name: `成员${i}` },
      subject: `通知 ${i}`,
      text: `正文 ${i}`,
      attachments: [icsAttachment({ ics: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n', method: 'REQUEST' }), pdfAttachment({ pdf: Buffer.from('%PDF-1.7'), filename: 'notice.pdf' })],
      at
    }))
    t.db.update(outboxMessagesTable).set({ status, lastError: status === 'failed' ? 'ESOCKET: connect ECONNREFUSED 127.0.0.1:25' : null }).where(eq(outboxMessagesTable.id, id)).run()
    t.clock.advance(1000)
  }
}

describe('GET /api/v1/outbox', () => {
  test('lists newest first with attachment metadata (no content), filters by status and pages', async () => {
    const t = await createTestApp()
    seed(t, ['queued', 'failed', 'sent', 'failed', 'queued'])
    const all = await t.app.inject({ method: 'GET', url: '/api/v1/outbox', headers: t.admin.headers })
    expect(all.statusCode).toBe(200)
    const body = all.json()
    expect(body).toMatchObject({ total: 5, page: 1, pageSize: 50 })
    expect(body.items.map((m: { subject: string }) => m.subject)).toEqual(['通知 4', '通知 3', '通知 2', '通知 1', '通知 0'])
    expect(body.items[0]).toMatchObject({
      toAddress: 'm4@example.cn',
      toName: '成员4',
      status: 'queued',
      attempts: 0,
      attachments: [{ filename: 'invite.ics', contentType: 'text/calendar', size: 32, method: 'REQUEST' }, { filename: 'notice.pdf', contentType: 'application/pdf', size: 8 }]
    })
    expect(JSON.stringify(body)).not.toContain('contentBase64')
    expect(JSON.stringify(body)).not.toContain('正文')

    const failed = await t.app.inject({ method: 'GET', url: '/api/v1/outbox?status=failed&pageSize=1&page=2', headers: t.admin.headers })
    expect(failed.json()).toMatchObject({ total: 2, page: 2, pageSize: 1, items: [{ subject: '通知 1', status: 'failed', lastError: 'ESOCKET: connect ECONNREFUSED 127.0.0.1:25' }] })

    expect((await t.app.inject({ method: 'GET', url: '/api/v1/outbox?status=lost', headers: t.admin.headers })).json().code).toBe('request.invalid')
  })

  test('GET /api/v1/outbox/:id shows the body; an unknown id is mail.message_not_found', async () => {
    const t = await createTestApp()
    seed(t, ['queued'])
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/outbox/1', headers: t.admin.headers })
    expect(res.json()).toMatchObject({ id: 1, textBody: '正文 0', htmlBody: null })
    const missing = await t.app.inject({ method: 'GET', url: '/api/v1/outbox/99', headers: t.admin.headers })
    expect(missing.statusCode).toBe(404)
    expect(missing.json().code).toBe('mail.message_not_found')
  })

  test('only administrators may read the outbox', async () => {
    const t = await createTestApp()
    const coordinator = t.userWithToken({ role: 'coordinator' })
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/outbox', headers: coordinator.headers })
    expect(res.statusCode).toBe(403)
  })
})

describe('POST /api/v1/outbox/:id/retry', () => {
  test('a failed message is queued again for now, and the retry is audited', async () => {
    const t = await createTestApp()
    seed(t, ['failed'])
    t.clock.advance(3600_000)
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/outbox/1/retry', headers: t.admin.headers })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ id: 1, status: 'queued', nextAttemptAt: '2026-11-28T10:00:01.000+08:00' })
    expect(t.db.select().from(outboxMessagesTable).get()).toMatchObject({ status: 'queued', nextAttemptAt: t.clock.now() })
    expect(t.db.select().from(auditLogTable).all().map((a) => [a.action, a.entityType, a.entityId])).toEqual([['outbox.retry', 'outbox_message', '1']])
  })

  test('a sent message cannot be retried: 409 mail.not_retryable; an unknown one 404', async () => {
    const t = await createTestApp()
    seed(t, ['sent'])
    const sent = await t.app.inject({ method: 'POST', url: '/api/v1/outbox/1/retry', headers: t.admin.headers })
    expect(sent.statusCode).toBe(409)
    expect(sent.json().code).toBe('mail.not_retryable')
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/outbox/7/retry', headers: t.admin.headers })).statusCode).toBe(404)
  })
})
