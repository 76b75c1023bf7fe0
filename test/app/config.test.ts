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

  test('a weak ADMIN_PASSWORD stops the start-up with the password rules it breaks, never echoing it', () => {
    const problemsFor = (env: Record<string, string>) => {
      try {
        loadConfig(env)
        return []
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError)
        return (error as ConfigError).problems
      }
    }
    const weak = problemsFor({ ADMIN_PASSWORD: 'password12' })
    expect(weak).toHaveLength(1)
    expect(weak[0]).toMatch(/^ADMIN_PASSWORD=\*\*\*: too weak: /)
    expect(weak[0]).toContain('还需加入大写字母、符号')
    expect(weak[0]).toContain('常见密码')
    expect(weak[0]).not.toContain('password12')
    expect(problemsFor({ ADMIN_PASSWORD: 'Admin-pass-123' })[0]).toContain('密码不能包含登录名')
    expect(problemsFor({ ADMIN_USERNAME: 'chief', ADMIN_PASSWORD: 'Chief-pass-123' })[0]).toContain('密码不能包含登录名')
    expect(problemsFor({ ADMIN_PASSWORD: 'a1        ' })[0]).toContain('密码首尾不能是空格')
    expect(loadConfig({ ADMIN_PASSWORD: 'Harbour-lights-77' }).adminPassword).toBe('Harbour-lights-77')
  })

  test('the README documents every environment variable with its default', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
    for (const spec of CONFIG_SPEC) expect(readme, spec.env).toContain(`\`${spec.env}\``)
  })
})
