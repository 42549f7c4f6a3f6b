// Every transport effect as a fetch client sees it through MSW: the README's "fetch in process"
// column (the loopback server's side is test/node/body-faults.test.ts and
// transport-clients.test.ts). Times are lower bounds only.
import { describe, expect, it } from 'vitest'
import type { FaultRule } from '../../src/index.js'
import { useBitsServer } from '../support/msw.js'
import { openSession, packetInit, urlOf } from '../support/packets.js'
import { generateBytes } from '../support/payloads.js'

const { start } = useBitsServer()

/** How long the client waits before it gives up (AbortSignal.timeout), in ms. */
const GIVE_UP_MS = 400
const BODY = generateBytes(32 * 1024, 21)

/** One Fragment of {@link BODY} under `rule`: what fetch saw, and how long it took. */
async function fragmentUnder(rule: FaultRule): Promise<{ seen: string; ms: number }> {
  start({ faults: { rules: [{ packet: 'Fragment', ...rule }] } })
  const sessionId = await openSession()
  const headers = {
    'BITS-Session-Id': sessionId,
    'Content-Range': `bytes 0-${BODY.byteLength - 1}/${BODY.byteLength}`,
  }
  const begun = performance.now()
  const seen = await fetch(urlOf('file.bin'), {
    ...packetInit('Fragment', headers, BODY),
    signal: AbortSignal.timeout(GIVE_UP_MS),
  }).then(
    (response) => `status ${response.status}`,
    (error: Error) => (error.name === 'TimeoutError' ? 'gave up' : error.name),
  )
  return { seen, ms: performance.now() - begun }
}

describe('transport effects through MSW: the nearest thing a fetch client sees', () => {
  it.each<[string, FaultRule]>([
    ['reset', { effect: 'reset' }],
    ['reset after N bytes', { effect: 'reset', afterBytes: 1000 }],
    ['network-error', { effect: 'network-error' }],
    ['garbage', { effect: 'garbage' }],
    ['truncate', { effect: 'truncate', timing: 'after' }],
  ])('%s: a network error (TypeError)', async (_name, rule) => {
    expect((await fragmentUnder(rule)).seen).toBe('TypeError')
  })

  it.each<[string, FaultRule]>([
    ['hang', { effect: 'hang' }],
    ['stall for good', { effect: 'stall', afterBytes: 1000 }],
  ])('%s: never settles until the client gives up', async (_name, rule) => {
    const { seen, ms } = await fragmentUnder(rule)
    expect(seen).toBe('gave up')
    expect(ms).toBeGreaterThanOrEqual(GIVE_UP_MS - 1)
  })

  it.each<[string, FaultRule, number]>([
    ['stall for durationMs', { effect: 'stall', afterBytes: 1000, durationMs: 150 }, 150],
    ['bandwidth', { effect: 'bandwidth', bytesPerSecond: 200 * 1024 }, 160],
    ['latency (delayMs)', { delayMs: 150 }, 150],
  ])('%s: the Ack, late', async (_name, rule, lateMs) => {
    const { seen, ms } = await fragmentUnder(rule)
    expect(seen).toBe('status 200')
    expect(ms).toBeGreaterThanOrEqual(lateMs - 1)
  })

  it('slow-close: the Ack, nothing else to see', async () => {
    expect((await fragmentUnder({ effect: 'slow-close', durationMs: 60_000 })).seen).toBe(
      'status 200',
    )
  })
})
