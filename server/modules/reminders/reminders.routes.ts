import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { ReminderDelivery, ReminderNotifier, ReminderNotifierMessage, ReminderRun } from '../../../db/schema/index.js'
import { IdParam, NoContent, Page, problemResponses } from '../../common/schemas.js'
import { toApiTime } from '../../common/time.js'
import { ROLES } from '../../common/access.js'
import { notifierSnapshot, type SettingsView as Settings } from './reminders.service.js'
import {
  CreateNotifierBody, DeliveryQuery, DeliveryView, NotifierMessageView, NotifierView, RunView, RunsQuery, SettingsBody, SettingsView, UpdateNotifierBody
} from './reminders.schemas.js'

function settingsView (s: Settings) {
  return { ...s, updatedAt: toApiTime(s.updatedAt) }
}

function messageView (m: ReminderNotifierMessage) {
  return {
    id: m.id,
    runId: m.runId,
    status: m.status,
    attempts: m.attempts,
    nextAttemptAt: m.status === 'queued' ? toApiTime(m.nextAttemptAt) : null,
    lastError: m.lastError,
    sentAt: toApiTime(m.sentAt),
    createdAt: toApiTime(m.createdAt)
  }
}

function notifierView ({ notifier: n, recent }: { notifier: ReminderNotifier, recent: ReminderNotifierMessage[] }) {
  return {
    id: n.id,
    ...notifierSnapshot(n),
    lastStatus: n.lastStatus,
    lastError: n.lastError,
    lastAttemptAt: toApiTime(n.lastAttemptAt),
    recent: recent.map(messageView),
    version: n.version,
    createdAt: toApiTime(n.createdAt),
    updatedAt: toApiTime(n.updatedAt)
  }
}

function runView (r: ReminderRun) {
  return {
    id: r.id,
    scheduledFor: r.scheduledFor,
    trigger: r.trigger,
    status: r.status,
    startedAt: toApiTime(r.startedAt),
    finishedAt: toApiTime(r.finishedAt),
    startedBy: r.startedBy,
    counts: (r.counts as never) ?? null,
    error: r.error
  }
}

function deliveryView (d: ReminderDelivery) {
  return {
    id: d.id,
    runId: d.runId,
    kind: d.kind,
    subjectId: d.subjectId,
    dueOn: d.dueOn,
    recipientKey: d.recipientKey,
    recipientName: d.recipientName,
    channel: d.channel,
    status: d.status,
    outboxId: d.outboxId,
    createdAt: toApiTime(d.createdAt)
  }
}

export const remindersRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { reminders } = app.services
  const tags = ['reminders']
  const withUnprocessable = { 422: Type.Ref('ProblemDetails'), ...problemResponses }

  app.get('/reminders/settings', {
    config: { access: ROLES.admin },
    schema: { operationId: 'getReminderSettings', tags, summary: '每日提醒设置（提醒时间、各类提醒的提前天数）', response: { 200: SettingsView, ...problemResponses } }
  }, async () => settingsView(reminders.settings()))

  app.put('/reminders/settings', {
    config: { access: ROLES.admin },
    schema: { operationId: 'updateReminderSettings', tags, summary: '修改每日提醒设置（市局管理员）', body: SettingsBody, response: { 200: SettingsView, ...withUnprocessable } }
  }, async (request) => settingsView(reminders.updateSettings(request.actor, request.body)))

  app.get('/reminders/notifiers', {
    config: { access: ROLES.admin },
    schema: { operationId: 'listReminderNotifiers', tags, summary: '提醒通道（企业微信群机器人、Webhook）', response: { 200: Type.Object({ items: Type.Array(NotifierView) }), ...problemResponses } }
  }, async () => ({ items: reminders.listNotifiers().map(notifierView) }))

  app.post('/reminders/notifiers', {
    config: { access: ROLES.admin },
    schema: { operationId: 'createReminderNotifier', tags, summary: '新增提醒通道', body: CreateNotifierBody, response: { 201: NotifierView, ...withUnprocessable } }
  }, async (request, reply) => reply.code(201).send(notifierView(reminders.createNotifier(request.actor, request.body))))

  app.put('/reminders/notifiers/:id', {
    config: { access: ROLES.admin },
    schema: { operationId: 'updateReminderNotifier', tags, summary: '修改提醒通道', params: IdParam, body: UpdateNotifierBody, response: { 200: NotifierView, ...withUnprocessable } }
  }, async (request) => notifierView(reminders.updateNotifier(request.actor, request.params.id, request.body)))

  app.delete('/reminders/notifiers/:id', {
    config: { access: ROLES.admin },
    schema: { operationId: 'deleteReminderNotifier', tags, summary: '删除提醒通道', params: IdParam, response: { 204: NoContent, ...problemResponses } }
  }, async (request, reply) => {
    reminders.deleteNotifier(request.actor, request.params.id)
    return reply.code(204).send(null)
  })

  app.post('/reminders/notifiers/:id/test', {
    config: { access: ROLES.admin },
    schema: { operationId: 'testReminderNotifier', tags, summary: '向提醒通道发送一条测试消息', params: IdParam, response: { 200: NotifierMessageView, ...problemResponses } }
  }, async (request) => messageView(await reminders.testNotifier(request.actor, request.params.id)))

  app.get('/reminders/runs', {
    config: { access: ROLES.auditors },
    schema: { operationId: 'listReminderRuns', tags, summary: '最近的提醒批次及数量', querystring: RunsQuery, response: { 200: Type.Object({ items: Type.Array(RunView) }), ...problemResponses } }
  }, async (request) => ({ items: reminders.listRuns(request.query.limit ?? 30).map(runView) }))

  app.post('/reminders/runs', {
    config: { access: ROLES.admin },
    schema: { operationId: 'startReminderRun', tags, summary: '立即执行一次提醒扫描（已提醒过的不再重复发送）', response: { 201: RunView, ...problemResponses } }
  }, async (request, reply) => {
    const run = reminders.runNow(request.actor)
    void reminders.deliverNotifications().catch((err: unknown) => request.log.error({ err }, 'reminder notifier delivery failed'))
    return reply.code(201).send(runView(run))
  })

  app.get('/reminders/deliveries', {
    config: { access: ROLES.readers },
    schema: { operationId: 'listReminderDeliveries', tags, summary: '提醒发送记录（按区域范围）', querystring: DeliveryQuery, response: { 200: Page(DeliveryView), ...problemResponses } }
  }, async (request) => {
    const page = request.query.page ?? 1
    const pageSize = request.query.pageSize ?? 50
    const { items, total } = reminders.listDeliveries(request.actor, { runId: request.query.runId, kind: request.query.kind, page, pageSize })
    return { items: items.map(deliveryView), total, page, pageSize }
  })
}
