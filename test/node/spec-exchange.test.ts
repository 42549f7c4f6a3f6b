import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningBitsServer, startBitsServer } from '../../src/node/index.js'
import { BRACED_GUID } from '../support/exchange.js'
import { payload } from '../support/payloads.js'
import { type RawConnection, rawConnect, rawRequest } from './support/raw-http.js'

interface ExchangeFixture {
  baseUrl: string
  sessionId: string
  exchanges: {
    name: string
    request: { method: string; path: string; headers: Record<string, string>; bodyLength: number }
    response: { status: number; headers: Record<string, string> }
  }[]
}

const fixture: ExchangeFixture = JSON.parse(
  readFileSync(new URL('../../fixtures/exchanges/spec-4.1.json', import.meta.url), 'utf8'),
)
let srv: RunningBitsServer
let connection: RawConnection
beforeAll(async () => {
  srv = await startBitsServer({
    port: 0,
    baseUrl: `http://127.0.0.1${new URL(fixture.baseUrl).pathname}`,
  })
  connection = await rawConnect(srv.url)
})
afterAll(async () => {
  connection.end()
  await srv.close()
})

// The spec's §4.1 exchange, byte for byte on one keep-alive connection: header names compared
// as written on the wire (case included), as IIS spells them.
describe('the spec’s successful upload over a raw socket ([MC-BUP] §4.1)', () => {
  const text = payload('crash-report.log')
  let issued: string | null = null
  const live = (value: string) => (value === fixture.sessionId && issued ? issued : value)

  for (const [index, { name, request, response }] of fixture.exchanges.entries()) {
    it(`#${index + 1} ${name}: ${response.status}, header by header`, async () => {
      const headers = Object.fromEntries(
        Object.entries(request.headers).map(([key, value]) => [key, live(value)]),
      )
      connection.write(
        rawRequest(request.method, request.path, headers, text.slice(0, request.bodyLength)),
      )
      const answer = await connection.next()
      expect(answer.status).toBe(response.status)
      const sent = new Map(answer.headers)
      for (const [header, value] of Object.entries(response.headers)) {
        expect(sent.has(header), `${header} spelled as the spec does`).toBe(true)
        if (header === 'BITS-Session-Id' && value === fixture.sessionId) {
          expect(sent.get(header)).toMatch(BRACED_GUID)
          issued = sent.get(header)!
        } else expect(sent.get(header), header).toBe(live(value))
      }
    })
  }

  it('commits the 4892 bytes at the spec’s remote name', () => {
    expect(srv.bits.uploads.get('2000mb-rfc2119.txt')?.size).toBe(4892)
  })
})
