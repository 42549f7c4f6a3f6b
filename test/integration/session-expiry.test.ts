import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { uploadBits } from '../support/bits-client.js'
import { BASE_URL, useBitsServer } from '../support/msw.js'
import { openSession, sendFragment } from '../support/packets.js'
import { generateBytes } from '../support/payloads.js'

const { start } = useBitsServer()

describe('session expiry after sessionTimeout seconds of idleness ([MC-BUP] §3.2.2, §3.2.7)', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('a session idle for less than sessionTimeout lives; any packet restarts its idle timer', async () => {
    const bits = start({ sessionTimeout: 60 })
    const data = generateBytes(300)
    const sessionId = await openSession()
    vi.advanceTimersByTime(59_000)
    expect((await sendFragment(sessionId, data, 0, 99)).status).toBe(200)
    vi.advanceTimersByTime(59_000)
    // 118 s since Create-Session, but only 59 s idle.
    expect((await sendFragment(sessionId, data, 100, 199)).status).toBe(200)
    expect(bits.sessions.get(sessionId)?.received).toBe(200)
  })

  it('after sessionTimeout seconds idle the session is gone: 500 BG_E_SESSION_NOT_FOUND 0x5', async () => {
    const bits = start({ sessionTimeout: 60 })
    const data = generateBytes(300)
    const sessionId = await openSession()
    expect((await sendFragment(sessionId, data, 0, 99)).status).toBe(200)
    vi.advanceTimersByTime(60_000)
    expect(bits.sessions.size).toBe(0)
    const late = await sendFragment(sessionId, data, 100, 199)
    expect(late.status).toBe(500)
    expect(late.headers.get('BITS-Error-Code')).toBe('0x8020001F')
    expect(late.headers.get('BITS-Error-Context')).toBe('0x5')
  })

  it('the default clock reads Date.now at call time: vi.setSystemTime drives it too', async () => {
    const bits = start({ sessionTimeout: 3600 })
    vi.setSystemTime(new Date('2024-04-23T00:00:00Z'))
    const sessionId = await openSession()
    expect(bits.sessions.get(sessionId)?.createdAt).toBe(Date.parse('2024-04-23T00:00:00Z'))
    vi.setSystemTime(new Date('2024-04-23T01:00:00Z'))
    expect(bits.sessions.get(sessionId)).toBeUndefined()
  })

  it('the reference client starts over in a new session from byte 0 when its session expired (§3.1.5)', async () => {
    const bits = start({ sessionTimeout: 30 })
    const data = generateBytes(10_000)
    let fragments = 0
    // The client's clock: the third fragment goes out after 31 idle seconds.
    const slowFetch: typeof fetch = (input, init) => {
      const headers = new Headers(init?.headers)
      if (headers.get('BITS-Packet-Type') === 'Fragment' && ++fragments === 3) {
        vi.advanceTimersByTime(31_000)
      }
      return fetch(input, init)
    }
    const result = await uploadBits({
      url: `${BASE_URL}/file.bin`,
      data,
      fragmentSize: 4000,
      fetch: slowFetch,
      sleep: async () => {},
    })
    expect(result.sessionIds).toHaveLength(2)
    expect(result.sessionId).toBe(result.sessionIds[1])
    const secondSession = bits.journal.filter({
      sessionId: result.sessionIds[1]!,
      packet: 'Fragment',
    })
    expect(secondSession[0]?.range?.first).toBe(0)
    expect(bits.uploads.get('file.bin')?.bytes).toEqual(data)
  })
})

describe('session ids over a server’s life', () => {
  it('are never reused across reset(): an id from before it gets BG_E_SESSION_NOT_FOUND', async () => {
    const bits = start({ seed: 5 })
    const before = await openSession()
    bits.reset()
    const after = await openSession()
    expect(after).not.toBe(before)
    const stale = await sendFragment(before, generateBytes(10), 0, 9)
    expect(stale.status).toBe(500)
    expect(stale.headers.get('BITS-Error-Code')).toBe('0x8020001F')
    expect(bits.sessions.get(after)?.ordinal).toBe(1)
  })

  it('are the same for two servers with the same seed', async () => {
    start({ seed: 5 })
    const first = await openSession()
    start({ seed: 5 })
    expect(await openSession()).toBe(first)
  })
})
