import fp from 'fastify-plugin'
import type { Db } from '../../db/client.js'
import type { Clock } from '../shared/clock.js'
import type { Rng } from '../shared/random.js'
import type { Config } from '../config.js'
import { createRegionsService } from '../modules/regions/regions.service.js'
import { createUsersService } from '../modules/users/users.service.js'
import { createAuthService } from '../modules/auth/auth.service.js'
import { createAuditService } from '../modules/audit/audit.service.js'

export type ServiceDeps = { db: Db, clock: Clock, rng: Rng, config: Config }

/** The one place services are wired; scripts and tests call it too. */
export function createServices (deps: ServiceDeps) {
  const { db, clock, rng, config } = deps
  return {
    regions: createRegionsService({ db, clock }),
    users: createUsersService({ db, clock, passwordHashCost: config.passwordHashCost }),
    auth: createAuthService({ db, clock, rng, config }),
    audit: createAuditService({ db })
  }
}

export type Services = ReturnType<typeof createServices>

declare module 'fastify' {
  interface FastifyInstance {
    services: Services
  }
}

export default fp(async (app, { services }: { services: Services }) => {
  app.decorate('services', services)
}, { name: 'services' })
