import closeWithGrace from 'close-with-grace'
import { loadConfig, ConfigError, type Config } from './config.js'
import { createDatabase } from '../db/client.js'
import { runMigrations } from '../db/migrate.js'
import { buildApp } from './app.js'
import { WEB_ROOT } from './plugins/web-app.js'
import { systemClock } from './common/clock.js'
import { cryptoRng } from './common/random.js'
import { createServices } from './services.js'
import { createMailWorker } from './modules/mail/mail.worker.js'
import { createSmtpTransport, smtpConfigured } from './modules/mail/mail.transport.js'
import { createReminderWorker } from './modules/reminders/reminders.worker.js'

function readConfig (): Config {
  try {
    return loadConfig(process.env)
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`tingzheng: cannot start.\n${error.message}\nSee the configuration table in README.md.\n`)
      process.exit(1)
    }
    throw error
  }
}

async function main () {
  const config = readConfig()
  const { db, sqlite } = createDatabase({ filename: config.databasePath, busyTimeoutMs: config.databaseBusyTimeoutMs })
  runMigrations(db)
  const deps = { config, db, sqlite, clock: systemClock, rng: cryptoRng }
  const services = createServices(deps)
  const admin = await services.auth.bootstrapAdmin({ username: config.adminUsername, password: config.adminPassword })
  const app = await buildApp({ ...deps, services, webRoot: WEB_ROOT })
  const mailWorker = smtpConfigured(config)
    ? createMailWorker({ db, clock: systemClock, transport: createSmtpTransport(config), from: config.mailFrom!, logger: app.log.child({ module: 'mail' }) })
    : null
  const reminderWorker = createReminderWorker({ reminders: services.reminders, logger: app.log.child({ module: 'reminders' }) })

  closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'shutting down after an error')
    else app.log.info({ signal }, 'shutting down')
    await mailWorker?.stop()
    await reminderWorker.stop()
    await app.close()
    sqlite.close()
  })

  await app.listen({ port: config.port, host: config.host })
  if (mailWorker) {
    mailWorker.start()
    app.log.info({ smtpHost: config.smtpHost, smtpPort: config.smtpPort }, 'mail worker started')
  } else {
    app.log.warn('SMTP_HOST/MAIL_FROM not set: mail stays in the outbox (GET /api/v1/outbox) and is not sent')
  }
  void reminderWorker.start()
  const loginUrl = `${config.publicBaseUrl}/api/docs`
  app.log.info({ url: config.publicBaseUrl, database: config.databasePath }, `tingzheng listening on ${config.publicBaseUrl}`)
  if (admin) {
    const lines = [
      '',
      '========================================================================',
      ' 首次启动：已创建管理员账号 / first start: administrator account created',
      `   username: ${admin.username}`,
      admin.generatedPassword
        ? `   password: ${admin.generatedPassword}   (generated; shown only this once — you will be asked to change it at the first sign-in)`
        : '   password: the value of ADMIN_PASSWORD',
      ` Sign in: ${config.publicBaseUrl}/  (web interface)`,
      ` API: POST ${config.publicBaseUrl}/api/v1/auth/login  {"username","password"}; explorer: ${loginUrl}`,
      '========================================================================',
      ''
    ]
    process.stdout.write(lines.join('\n'))
  } else {
    process.stdout.write(`tingzheng: sign in at ${config.publicBaseUrl}/ (API: POST ${config.publicBaseUrl}/api/v1/auth/login, explorer: ${loginUrl})\n`)
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`tingzheng: failed to start: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`)
  process.exit(1)
})
