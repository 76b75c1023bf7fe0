import { describe, expect, test } from 'vitest'
import { acceptsHtml } from '../../server/plugins/web-app.js'

describe('which requests outside the API get the web interface', () => {
  test('browsers, clients that take anything and clients that send no Accept get index.html; clients asking for data or files do not', () => {
    for (const accept of [undefined, '', '*/*', 'text/html', 'text/*;q=0.5', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', 'application/json, */*;q=0.1']) {
      expect(acceptsHtml(accept), String(accept)).toBe(true)
    }
    for (const accept of ['application/json', 'application/problem+json', 'text/calendar', 'application/pdf', 'text/htmlx']) {
      expect(acceptsHtml(accept), accept).toBe(false)
    }
  })
})
