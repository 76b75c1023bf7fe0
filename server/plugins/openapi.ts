import fp from 'fastify-plugin'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import { Type } from 'typebox'
import { problemCatalogue } from '../errors.js'

/** OpenAPI 3 document at /api/openapi.json, explorer at /api/docs, problem types at /api/problems. */
export default fp(async (app, { publicBaseUrl, version }: { publicBaseUrl: string, version: string }) => {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'tingzheng 信访事项听证管理 API',
        description: '听证员库、信访事项、听证排期、文书与日历。错误一律以 application/problem+json 返回，带稳定的 code。',
        version
      },
      servers: [{ url: publicBaseUrl }],
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', description: 'POST /api/v1/auth/login 取得的令牌，或本人创建的 API 令牌' }
        }
      }
    },
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) => typeof json.$id === 'string' ? json.$id : `def-${i}`
    },
    transform: ({ schema, url, route }) => {
      const access = route.config?.access
      const transformed = { ...(schema ?? {}) } as Record<string, unknown>
      if (access !== 'public' && url.startsWith('/api/v1')) {
        transformed.security = [{ bearerAuth: [] }]
        transformed.description = `${typeof transformed.description === 'string' ? transformed.description + '\n\n' : ''}Roles: ${Array.isArray(access) ? access.join(', ') : 'none'}`
      }
      return { schema: transformed, url }
    }
  })

  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true })

  app.get('/api/openapi.json', {
    config: { access: 'public' },
    schema: { operationId: 'getOpenApiDocument', tags: ['meta'], summary: 'OpenAPI 3 文档', hide: true }
  }, async () => app.swagger())

  app.get('/api/problems', {
    config: { access: 'public' },
    schema: {
      operationId: 'listProblemTypes',
      tags: ['meta'],
      summary: '错误代码一览（problem type 的说明）',
      response: { 200: Type.Object({ items: Type.Array(Type.Object({ code: Type.String(), status: Type.Integer(), title: Type.String() })) }) }
    }
  }, async () => ({ items: problemCatalogue() }))
}, { name: 'openapi' })
