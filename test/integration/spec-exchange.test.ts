import { readFileSync } from 'node:fs'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBitsServer } from '../../src/index.js'
import { BRACED_GUID } from '../support/exchange.js'
import { payload } from '../support/payloads.js'

interface RecordedExchange {
  name: string
  request: { method: string; path: string; headers: Record<string, string>; bodyLength: number }
  response: { status: number; headers: Record<string, string> }
}
interface ExchangeFixture {
  origin: string
  baseUrl: string
  /** The session id the spec printed; stands for whatever id the server issues. */
  sessionId: string
  exchanges: RecordedExchange[]
}

const fixture: ExchangeFixture = JSON.parse(
  readFileSync(new URL('../../fixtures/exchanges/spec-4.1.json', import.meta.url), 'utf8'),
)
const bits = createBitsServer({ baseUrl: fixture.baseUrl })
const server = setupServer(...bits.handlers)
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterAll(() => server.close())

describe('the spec’s successful upload, replayed header by header ([MC-BUP] §4.1)', () => {
  // The body: the first bodyLength bytes of a real text file.
  const text = payload('crash-report.log')
  let issued: string | null = null
  const live = (value: string) => (value === fixture.sessionId && issued ? issued : value)

  for (const [index, { name, request, response }] of fixture.exchanges.entries()) {
    it(`#${index + 1} ${name}: ${response.status} with the spec's headers`, async () => {
      const headers = Object.fromEntries(
        Object.entries(request.headers).map(([header, value]) => [header, live(value)]),
      )
      const answer = await fetch(`${fixture.origin}${request.path}`, {
        method: request.method,
        headers,
        body: request.bodyLength > 0 ? text.slice(0, request.bodyLength) : undefined,
      })
      expect(answer.status).toBe(response.status)
      for (const [header, value] of Object.entries(response.headers)) {
        if (header === 'BITS-Session-Id' && value === fixture.sessionId) {
          // Dynamic: match the shape, and send the issued id from now on.
          expect(answer.headers.get(header), header).toMatch(BRACED_GUID)
          issued = answer.headers.get(header)
        } else {
          expect(answer.headers.get(header), header).toBe(live(value))
        }
      }
    })
  }

  it('leaves the 4892 bytes committed at the spec’s remote name (§3.2.5.2.7)', () => {
    const upload = bits.uploads.get('2000mb-rfc2119.txt')
    expect(upload).toMatchObject({ size: 4892, contentName: 'rfc2119.txt', sessionId: issued })
    expect(upload?.bytes).toEqual(text.slice(0, 4892))
    expect(bits.journal.entries.map((entry) => entry.status)).toEqual([200, 200, 200, 200])
  })
})
