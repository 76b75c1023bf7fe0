import { describe, expect, test } from 'vitest'
import { loadConfig, ConfigError, CONFIG_SPEC } from '../../server/config.js'
import { readFileSync } from 'node:fs'

describe('configuration from the environment', () => {
  test('defaults apply when nothing is set', () => {
    const config = loadConfig({})
    expect(config).toMatchObject({ port: 3000, host: '127.0.0.1', databasePath: './data/tingzheng.db', publicBaseUrl: 'http://localhost:3000', logLevel: 'info', adminPassword: undefined })
  })

  test('PUBLIC_BASE_URL follows PORT unless set, and loses a trailing slash', () => {
    expect(loadConfig({ PORT: '8080' }).publicBaseUrl).toBe('http://localhost:8080')
    expect(loadConfig({ PUBLIC_BASE_URL: 'https://tz.example.gov.cn/' }).publicBaseUrl).toBe('https://tz.example.gov.cn')
  })

  test('every bad value is listed at once, without echoing the admin password', () => {
    try {
      loadConfig({ PORT: 'abc', LOG_LEVEL: 'loud', PUBLIC_BASE_URL: 'ftp://x', ADMIN_PASSWORD: 'short' })
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError)
      const { problems, message } = error as ConfigError
      expect(problems).toHaveLength(4)
      expect(message).toMatch(/PORT="abc"/)
      expect(message).toMatch(/LOG_LEVEL/)
      expect(message).not.toContain('short')
    }
  })

  test('the README documents every environment variable with its default', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
    for (const spec of CONFIG_SPEC) expect(readme, spec.env).toContain(`\`${spec.env}\``)
  })
})
