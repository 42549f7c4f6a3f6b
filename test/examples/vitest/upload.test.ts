// An example to copy: a BITS client test in vitest. It imports msw-bits by its package name, as
// your project would; `msw-bits/vitest` registers the matchers (or list it in `setupFiles`).
import { setupServer } from 'msw/node'
import { createBitsServer, validatePlan } from 'msw-bits'
import closeSessionBurst from 'msw-bits/fixtures/plans/close-session-5xx-burst.json' with {
  type: 'json',
}
import sessionExpired from 'msw-bits/fixtures/plans/session-expired-mid-upload.json' with {
  type: 'json',
}
import 'msw-bits/vitest'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { uploadBits } from '../../support/bits-client.js' // your BITS client

const bits = createBitsServer({ baseUrl: 'https://bits.example.test/uploads' })
const server = setupServer(...bits.handlers)
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => bits.reset())
afterAll(() => server.close())

const dump = new Uint8Array(100_000).map((_, i) => (i * 31) % 251)
const url = 'https://bits.example.test/uploads/crash.dmp'

describe('my BITS client', () => {
  it('uploads a crash dump in fragments', async () => {
    await uploadBits({ url, data: dump, fragmentSize: 16_384 })

    expect(bits).toHaveCompletedUpload('crash.dmp', { content: dump })
    expect(bits).toHaveReceivedPacket('Fragment', { times: 7 })
    expect(bits).toFollowBitsClientRules()
  })

  it('resends Close-Session through a 5xx burst', async () => {
    // validatePlan types a JSON plan (its strings widen to `string`) and checks it.
    bits.faults.use(validatePlan(closeSessionBurst))

    await uploadBits({ url, data: dump, fragmentSize: 16_384, retryDelayMs: 1 })

    expect(bits).toHaveReceivedPacket('Close-Session', { times: 4 })
    expect(bits).toHaveReceivedPacket('Close-Session', { times: 1, status: 200 })
    expect(bits).toHaveCompletedUpload('crash.dmp', { content: dump })
    expect(bits).toFollowBitsClientRules()
    expect(bits).toHaveUsedAllFaults() // the scripted burst really happened
  })

  it('starts over when the server loses the session', async () => {
    bits.faults.use(validatePlan(sessionExpired))

    const { sessionIds } = await uploadBits({ url, data: dump, fragmentSize: 16_384 })

    expect(sessionIds).toHaveLength(2)
    expect(bits).toHaveReceivedPacket('Create-Session', { times: 2 })
    expect(bits).toHaveCompletedUpload('crash.dmp', { content: dump })
    expect(bits).toFollowBitsClientRules()
  })

  it('reports a client that breaks the rules, with the timeline', async () => {
    bits.faults.use({ rules: [{ packet: 'Close-Session', respond: { status: 503 } }] })
    // A client that gives up on Close-Session after one 503.
    await expect(uploadBits({ url, data: dump, maxRetries: 0 })).rejects.toThrow(/Close-Session/)

    expect(bits).not.toFollowBitsClientRules()
    expect(bits).toHaveBrokenBitsClientRule('resend-close-after-5xx')
    expect(() => expect(bits).toFollowBitsClientRules()).toThrow(/msw-bits journal: 4 request\(s\)/)
  })
})
