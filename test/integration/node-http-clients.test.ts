// node:http clients in process: MSW cannot hand their BITS_POST to the handlers (llhttp rejects
// the method), so msw-bits refuses them at once, naming the loopback server, rather than hanging.
import https from 'node:https'
import axios from 'axios'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BITS_POST, BitsUsageError, createBitsServer } from '../../src/index.js'

const bits = createBitsServer({ baseUrl: 'https://bits.example.test/uploads' })
const server = setupServer(...bits.handlers)
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterAll(() => server.close())

const url = 'https://bits.example.test/uploads/crash.dmp'
const headers = { 'BITS-Packet-Type': 'Ping' }

describe('node:http clients under setupServer', () => {
  it('axios with its default (Node) adapter is refused with the remedy', async () => {
    const sent = axios.request({ url, method: BITS_POST, headers })
    await expect(sent).rejects.toThrow(BitsUsageError)
    await expect(sent).rejects.toThrow(
      /startBitsServer\(\) from 'msw-bits\/node'.*adapter: 'fetch'.*POST.*X-Http-Method-Override: BITS_POST/,
    )
    expect(bits.journal.entries).toHaveLength(0)
  })

  it('https.request is refused the same way, by URL or by options', () => {
    expect(() => https.request(url, { method: BITS_POST, headers })).toThrow(
      expect.objectContaining({ code: 'UNSUPPORTED_CLIENT' }),
    )
    expect(() =>
      https.request({ hostname: 'bits.example.test', path: '/uploads/a', method: BITS_POST }),
    ).toThrow(/loopback server/)
  })

  it("axios with adapter: 'fetch', the README's remedy, is served in process", async () => {
    const answer = await axios.request({ url, method: BITS_POST, headers, adapter: 'fetch' })
    expect(answer.status).toBe(200)
    expect(answer.headers['bits-packet-type']).toBe('Ack')
    expect(bits.journal.count({ packet: 'Ping' })).toBe(1)
  })

  it('leaves other node:http requests alone', () => {
    // Not BITS_POST: passed to node:http (and MSW), which answer or fail as they always do.
    const request = https.request('https://bits.example.test/uploads/a', { method: 'GET' })
    request.on('error', () => {})
    request.destroy()
    expect(request.method).toBe('GET')
  })
})
