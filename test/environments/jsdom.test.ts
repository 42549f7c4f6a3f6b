// @vitest-environment jsdom
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBitsServer } from '../../src/index.js'
import { uploadBits } from '../support/bits-client.js'
import { payload, sha256Hex } from '../support/payloads.js'
import { xhrFetch } from '../support/xhr-fetch.js'

const BASE_URL = 'https://bits.example.test/uploads'
const FRAGMENT_SIZE = 16 * 1024
const bits = createBitsServer({ baseUrl: BASE_URL })
const server = setupServer(...bits.handlers)
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterAll(() => server.close())

describe('under vitest’s jsdom environment, setupServer(...bits.handlers)', () => {
  it('is a DOM environment, with jsdom’s XMLHttpRequest', () => {
    expect(typeof document).toBe('object')
    expect(navigator.userAgent).toContain('jsdom')
  })

  it.each([
    ['fetch', () => globalThis.fetch],
    ['XMLHttpRequest', () => xhrFetch],
  ])(
    'takes a whole upload by %s, byte for byte, and journals it as BITS_POST',
    async (name, transport) => {
      const data = payload('screenshot.png')
      const remoteName = `${name}.png`
      const { sessionId } = await uploadBits({
        url: `${BASE_URL}/${remoteName}`,
        data,
        fragmentSize: FRAGMENT_SIZE,
        maxRetries: 0,
        fetch: transport(),
      })
      const upload = bits.uploads.get(remoteName)
      expect(upload?.bytes && sha256Hex(upload.bytes)).toBe(sha256Hex(data))
      const entries = bits.journal.filter({ sessionId })
      const fragments = Math.ceil(data.byteLength / FRAGMENT_SIZE)
      expect(entries.map((entry) => [entry.method, entry.packet, entry.status])).toEqual([
        ['BITS_POST', 'Create-Session', 200],
        ...Array.from({ length: fragments }, () => ['BITS_POST', 'Fragment', 200]),
        ['BITS_POST', 'Close-Session', 200],
      ])
      expect(entries.at(-2)?.receivedRange).toBe(data.byteLength)
    },
  )
})
