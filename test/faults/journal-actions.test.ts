// What the journal says a rule did, one effect at a time (issue 21: compile-rule.ts's
// describeAction): a Ping through MSW, then the entry's `fault.action` as a person reads it.
import { describe, expect, it } from 'vitest'
import type { FaultRule } from '../../src/index.js'
import { useBitsServer } from '../support/msw.js'
import { bitsPost, openSession, sendFragment } from '../support/packets.js'
import { generateBytes } from '../support/payloads.js'
import { virtualClock } from '../support/virtual-clock.js'

const { start } = useBitsServer()

const PING_RULES: [FaultRule, string][] = [
  [{ packet: 'Ping', respond: { status: 503 } }, 'respond 503'],
  [
    { packet: 'Ping', respond: { status: 502, from: 'intermediary' } },
    'respond 502 (intermediary)',
  ],
  [{ packet: 'Ping', effect: 'expire-session' }, 'expire-session'],
  [{ packet: 'Ping', effect: 'restart' }, 'restart'],
  [{ packet: 'Ping', effect: 'network-error' }, 'network-error'],
  [{ packet: 'Ping', effect: 'truncate' }, 'truncate'],
  [{ packet: 'Ping', effect: 'reset' }, 'reset'],
  [{ packet: 'Ping', effect: 'reauthenticate' }, 'reauthenticate'],
  [{ packet: 'Ping', effect: 'bandwidth', bytesPerSecond: 4096 }, 'bandwidth 4096 B/s'],
  [{ packet: 'Ping', headers: { 'X-One': '1', 'X-Two': '2' } }, 'add X-One, X-Two'],
  [{ packet: 'Ping', delayMs: 250 }, 'delay 250ms'],
  [{ packet: 'Ping', respond: { status: 503 }, delayMs: 5 }, 'respond 503, delay 5ms'],
]

describe('the journal names what each rule did', () => {
  it.each(PING_RULES)('%j → %s', async (rule, action) => {
    const bits = start({ clock: virtualClock(), faults: { rules: [rule] } })
    await bitsPost({ type: 'Ping' }).catch(() => undefined)
    expect(bits.journal.last()?.fault?.action).toBe(action)
  })

  it('a hang, until the client gives up', async () => {
    const bits = start({ faults: { rules: [{ packet: 'Ping', effect: 'hang' }] } })
    const client = new AbortController()
    const ping = fetch('https://bits.example.test/uploads/file.bin', {
      method: 'BITS_POST',
      headers: { 'BITS-Packet-Type': 'Ping', 'Content-Length': '0' },
      signal: client.signal,
    })
    for (let turn = 0; turn < 20 && bits.journal.last() === undefined; turn++) {
      await new Promise((resolve) => setImmediate(resolve))
    }
    client.abort()
    await expect(ping).rejects.toThrow()
    expect(bits.journal.last()?.fault?.action).toBe('hang')
  })

  it('acceptBytes on a Fragment: the shorter offset is Acked and journaled', async () => {
    const bits = start({
      faults: { rules: [{ packet: 'Fragment', acceptBytes: 40 }] },
    })
    const id = await openSession()
    const answer = await sendFragment(id, generateBytes(100), 0, 99)
    expect(answer.headers.get('BITS-Received-Content-Range')).toBe('40')
    expect(bits.journal.last()?.fault?.action).toBe('accept 40 bytes')
  })
})
