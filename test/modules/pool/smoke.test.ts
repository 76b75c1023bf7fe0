import { test, expect } from 'vitest'
import { createTestApp, seedRegionTree } from '../../helpers/app.js'
import { aMemberBody, activeMember } from './pool.fixtures.js'

test('smoke', async () => {
  const t = await createTestApp()
  const r = seedRegionTree(t)
  const org = await t.app.inject({ method: 'POST', url: '/api/v1/organisations', headers: t.admin.headers, payload: { name: '滨海市律师协会', aliases: [{ alias: '律协', kind: 'short' }] } })
  console.log(org.statusCode, org.body)
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/pool/members', headers: t.admin.headers, payload: aMemberBody({ homeRegionId: r.villageA.id, employerOrganisationId: org.json().id, professions: ['lawyer'] }) })
  console.log(res.statusCode, res.body)
  const a = await activeMember(t, { homeRegionId: r.villageA.id, roles: ['host'] })
  console.log(JSON.stringify(a).slice(0, 400))
  const list = await t.app.inject({ method: 'GET', url: '/api/v1/pool/members?q=律协', headers: t.admin.headers })
  console.log(list.statusCode, list.body.slice(0, 600))
  const cov = await t.app.inject({ method: 'GET', url: '/api/v1/pool/coverage', headers: t.admin.headers })
  console.log(cov.statusCode, cov.body.slice(0, 800))
  expect(1).toBe(1)
})
