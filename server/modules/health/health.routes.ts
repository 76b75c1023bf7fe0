import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type Database from 'better-sqlite3'

export const healthRoutes: FastifyPluginAsyncTypebox<{ sqlite: Database.Database }> = async (app, { sqlite }) => {
  app.get('/healthz', {
    config: { access: 'public' },
    schema: {
      operationId: 'health',
      tags: ['health'],
      summary: '健康检查（含数据库）',
      response: {
        200: Type.Object({ status: Type.Literal('ok'), database: Type.Literal('ok') }),
        503: Type.Object({ status: Type.Literal('error'), database: Type.Literal('error') })
      }
    }
  }, async (request, reply) => {
    try {
      sqlite.prepare('select 1').get()
      return { status: 'ok' as const, database: 'ok' as const }
    } catch (error) {
      request.log.error({ err: error }, 'health check: database unavailable')
      return reply.code(503).send({ status: 'error' as const, database: 'error' as const })
    }
  })
}
