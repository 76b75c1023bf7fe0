import fp from 'fastify-plugin'
import type { Db } from '../db/client.js'
import type { Clock } from './common/clock.js'
import type { Rng } from './common/random.js'
import type { Config } from './config.js'
import { createRegionsService } from './modules/regions/regions.service.js'
import { createUsersService } from './modules/accounts/accounts.users.service.js'
import { createAuthService } from './modules/accounts/accounts.sessions.service.js'
import { createAuditService } from './modules/audit/audit.service.js'
import { createOrganisationsService } from './modules/organisations/organisations.service.js'
import { createPoolService } from './modules/pool/pool.service.js'
import { accountOfPoolMember } from './modules/accounts/accounts.lookup.service.js'
import { createPoolTransferService } from './modules/pool/pool.transfer.service.js'
import { createPoolImportService } from './modules/pool/pool.import.service.js'
import { createVenuesService } from './modules/venues/venues.service.js'
import { createHearingsService } from './modules/hearings/hearings.service.js'
import { createPanelService } from './modules/hearings/hearings.panel.service.js'
import { createProvincialEntryService } from './modules/hearings/hearings.provincial-entry.service.js'
import { hearingTimePauses } from './modules/hearings/hearings.listeners.js'
import { createCalendarService } from './modules/calendar/calendar.service.js'
import { calendarOrganizer, hearingFeedEntries } from './modules/calendar/calendar.hearings.js'
import { createHearingInvites } from './modules/calendar/calendar.invites.js'
import { createMemberFeedService } from './modules/calendar/calendar.member-feeds.js'
import { createMyHearingsService } from './modules/calendar/calendar.my-hearings.service.js'
import { createInvitationLinkService } from './modules/calendar/calendar.invitation-links.service.js'
import { createInvitationMailsService } from './modules/calendar/calendar.invitation-mails.service.js'
import { createMailService } from './modules/mail/mail.service.js'
import { createMattersService } from './modules/matters/matters.service.js'
import { createCaseTeamsService } from './modules/case-teams/case-teams.service.js'
import { createRulesetsService, effectiveRuleset } from './modules/rulesets/rulesets.service.js'
import { createCalendarDaysService, loadWorkCalendar } from './modules/calendar-days/calendar-days.service.js'
import { createNoticesService } from './modules/notices/notices.service.js'
import { createMinutesService } from './modules/minutes/minutes.service.js'
import { createDeliberationService } from './modules/minutes/minutes.deliberation.service.js'
import { createStatisticsService } from './modules/statistics/statistics.service.js'
import { createBulletinsService, figuresFromStatistics } from './modules/bulletins/bulletins.service.js'
import { createRemindersService } from './modules/reminders/reminders.service.js'
import { createExportsService } from './modules/exports/exports.service.js'
import { createRemunerationService } from './modules/remuneration/remuneration.service.js'
import { createAssessmentsService } from './modules/assessments/assessments.service.js'
import { assessmentStandingOf } from './modules/assessments/assessments.lookup.service.js'

export type ServiceDeps = { db: Db, clock: Clock, rng: Rng, config: Config }

/** The one place services are wired; scripts and tests call it too. */
export function createServices (deps: ServiceDeps) {
  const { db, clock, rng, config } = deps
  const pool = createPoolService({ db, clock, linkedAccountOf: accountOfPoolMember, assessmentStandingOf })
  const hearings = createHearingsService({ db, clock, rng, resolveRuleset: effectiveRuleset, loadCalendar: loadWorkCalendar })
  const matters = createMattersService({ db, clock, workCalendar: loadWorkCalendar })
  hearings.onChange(hearingTimePauses(matters))
  const panel = createPanelService({ db, clock, rng, hearings })
  const baseUrl = config.publicBaseUrl
  const calendar = createCalendarService({ db, clock, rng, config, feedEntries: hearingFeedEntries({ db, baseUrl }) })
  const calendarInvites = createHearingInvites({ clock, baseUrl, organizer: calendarOrganizer(config), invitationLink: calendar.invitationLink })
  const myHearings = createMyHearingsService({ db, clock, panel })
  hearings.onChange(calendarInvites.listener)
  const remuneration = createRemunerationService({ db, clock })
  hearings.onChange(remuneration.hearingListener)
  const statistics = createStatisticsService({ db, clock, workCalendar: loadWorkCalendar })
  const poolImports = createPoolImportService({ db, clock })
  return {
    organisations: createOrganisationsService({ db, clock }),
    pool,
    poolTransfer: createPoolTransferService({ db, clock, pool, imports: poolImports }),
    poolImports,
    regions: createRegionsService({ db, clock }),
    users: createUsersService({ db, clock, passwordHashCost: config.passwordHashCost }),
    auth: createAuthService({ db, clock, rng, config }),
    audit: createAuditService({ db }),
    rulesets: createRulesetsService({ db, clock }),
    calendarDays: createCalendarDaysService({ db, clock }),
    venues: createVenuesService({ db, clock }),
    hearings,
    panel,
    provincialEntry: createProvincialEntryService({ db, clock }),
    calendar,
    calendarInvites,
    memberFeeds: createMemberFeedService({ db, calendar }),
    myHearings,
    invitationLinks: createInvitationLinkService({ db, clock, baseUrl, verify: calendar.verifyInvitationToken, myHearings }),
    invitationMails: createInvitationMailsService({ db, hearings }),
    mail: createMailService({ db, clock }),
    matters,
    caseTeams: createCaseTeamsService({ db, clock }),
    notices: createNoticesService({ db, clock, hearings }),
    minutes: createMinutesService({ db, clock, hearings }),
    deliberation: createDeliberationService({ db, hearings }),
    statistics,
    bulletins: createBulletinsService({ db, clock, figuresFor: figuresFromStatistics(statistics) }),
    reminders: createRemindersService({ db, clock, baseUrl, loadCalendar: loadWorkCalendar }),
    exports: createExportsService({ db, clock }),
    remuneration,
    assessments: createAssessmentsService({ db, clock })
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
