// @vitest-environment happy-dom
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BITS_POST, BITS_PROTOCOL_GUID, createBitsServer } from '../../src/index.js'
import { BitsClientError, uploadBits } from '../support/bits-client.js'
import { payload } from '../support/payloads.js'

const BASE_URL = 'https://bits.example.test/uploads'
const bits = createBitsServer({ baseUrl: BASE_URL })
const server = setupServer(...bits.handlers)
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterAll(() => server.close())

// What happy-dom does, recorded so the README can say it and a happy-dom that changes is noticed.
describe('under vitest’s happy-dom environment, setupServer(...bits.handlers)', () => {
  it('is a DOM environment whose fetch is happy-dom’s', () => {
    expect(typeof document).toBe('object')
    expect(navigator.userAgent).toContain('HappyDOM')
  })

  it('gets no BITS_POST: happy-dom’s Request refuses the method before MSW or the tunnel', async () => {
    const sent = fetch(`${BASE_URL}/report.txt`, {
      method: BITS_POST,
      headers: {
        'BITS-Packet-Type': 'Create-Session',
        'BITS-Supported-Protocols': BITS_PROTOCOL_GUID,
      },
    })
    await expect(sent).rejects.toMatchObject({
      name: 'InvalidStateError',
      message: "'BITS_POST' HTTP method is unsupported.",
    })
    expect(bits.journal.count()).toBe(0)
  })

  it('so the reference client fails at once on Create-Session, with nothing journalled', async () => {
    const upload = uploadBits({
      url: `${BASE_URL}/screenshot.png`,
      data: payload('screenshot.png'),
      maxRetries: 0,
    })
    await expect(upload).rejects.toBeInstanceOf(BitsClientError)
    await expect(upload).rejects.toMatchObject({ packet: 'Create-Session', status: null })
    expect(bits.journal.count()).toBe(0)
    expect(bits.uploads.get('screenshot.png')).toBeUndefined()
  })
})
