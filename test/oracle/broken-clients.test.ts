// End to end: each deliberately broken client runs against a real createBitsServer through
// setupServer with real fetch, and the oracle must name exactly the rule it broke.
import { describe, expect, it } from 'vitest'
import {
  type BitsServerOptions,
  CLIENT_RULES,
  type ClientRuleOptions,
  checkClientRules,
  type FaultRule,
  type RuleId,
} from '../../src/index.js'
import { useBitsServer } from '../support/msw.js'
import { bitsPost, openSession, sendFragment, sessionPacket } from '../support/packets.js'
import * as broken from './broken-clients/index.js'

const { start } = useBitsServer()

interface BrokenCase {
  rule: RuleId
  client: () => Promise<void>
  server?: Partial<BitsServerOptions>
  faults?: FaultRule[]
  check?: ClientRuleOptions
}

const notFound = { status: 500, error: 'BG_E_SESSION_NOT_FOUND', context: 'remote-file' } as const

const CASES: BrokenCase[] = [
  { rule: 'no-resend-after-fatal', client: broken.resendsAfterFatal },
  {
    rule: 'resend-close-after-5xx',
    client: broken.givesUpOnClose5xx,
    faults: [{ packet: 'Close-Session', respond: { status: 503 } }],
  },
  {
    rule: 'restart-after-session-not-found',
    client: broken.reusesLostSession,
    faults: [{ packet: 'Close-Session', respond: notFound }],
  },
  {
    rule: 'restart-after-session-not-found',
    client: broken.restartsFromOldOffset,
    faults: [{ packet: 'Fragment', after: 1, effect: 'expire-session' }],
  },
  { rule: 'fragment-at-received-range', client: broken.ignoresReceivedRange },
  {
    rule: 'smaller-fragment-after-413',
    client: broken.sameSizeAfter413,
    server: { maxFragmentSize: 100 },
  },
  { rule: 'close-after-last-byte', client: broken.closesEarly },
  {
    rule: 'download-reply-before-close',
    client: broken.closesBeforeReply,
    server: { reply: () => 'thanks' },
  },
  {
    rule: 'download-reply-before-close',
    client: broken.headsReplyThenCloses,
    server: { reply: () => 'thanks' },
  },
  { rule: 'close-completed-session', client: broken.neverCloses },
  {
    rule: 'use-host-id',
    client: broken.ignoresHostId,
    server: { hostId: 'bits-node-2.example.test' },
  },
  {
    rule: 'send-credentials-after-challenge',
    client: broken.resendsWithoutCredentials,
    server: { auth: { username: 'uploader', password: 'secret' } },
  },
  {
    rule: 'no-credentials-to-other-host',
    client: broken.sendsCredentialsToHostId,
    server: { hostId: broken.HOST_ID, auth: { username: 'uploader', password: 'secret' } },
  },
  {
    rule: 'one-request-per-session',
    client: broken.doesNotWaitForAck,
    faults: [{ packet: 'Fragment', delayMs: 1000 }],
  },
  { rule: 'constant-content-range-total', client: broken.changesTotal },
  { rule: 'no-packets-after-close', client: broken.sendsAfterClose },
  {
    rule: 'max-retries',
    client: broken.retriesWithoutPause,
    faults: [{ packet: 'Fragment', times: 4, respond: { status: 503 } }],
    check: { maxRetries: 3 },
  },
  {
    rule: 'min-retry-delay',
    client: broken.retriesWithoutPause,
    faults: [{ packet: 'Fragment', times: 2, respond: { status: 503 } }],
    check: { minRetryDelayMs: 1_000 },
  },
  {
    // The default oracle: eleven back-to-back resends inside Windows' 5 s retry floor.
    rule: 'no-retry-storm',
    client: broken.retriesWithoutPause,
    faults: [{ packet: 'Fragment', times: 11, respond: { status: 503 } }],
  },
]

describe('the oracle catches each broken client by the rule it broke', () => {
  it.each(CASES.map((c) => [`${c.rule} (${c.client.name})`, c] as const))('%s', async (_, c) => {
    const bits = start({ ...c.server, faults: c.faults ? { rules: c.faults } : undefined })
    await c.client()
    if (c.faults) expect(bits.faults.pending()).toEqual([])
    const violations = checkClientRules(bits, c.check)
    expect(new Set(violations.map((v) => v.rule)), bits.journal.format()).toEqual(new Set([c.rule]))
    for (const violation of violations) {
      expect(violation.seqs.length).toBeGreaterThan(0)
      for (const seq of violation.seqs) expect(bits.journal.entries[seq - 1]?.seq).toBe(seq)
    }
    // Skipping the rule silences it, and nothing else is found.
    expect(checkClientRules(bits, { ...c.check, skip: [c.rule] })).toEqual([])
  })

  it('covers every rule', () => {
    const covered = new Set(CASES.map((c) => c.rule))
    const all = CLIENT_RULES.map((rule) => rule.id)
    expect(covered).toEqual(new Set(all))
  })
})

describe('a well-behaved scripted client', () => {
  it('follows every rule through 503s on a fragment and on Close-Session', async () => {
    const bits = start({
      faults: {
        rules: [
          { packet: 'Fragment', respond: { status: 503 } },
          { packet: 'Close-Session', respond: { status: 500, error: 'E_FAIL' } },
        ],
      },
    })
    const id = await openSession()
    expect((await sendFragment(id, broken.DATA, 0, 99)).status).toBe(503)
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect((await sendFragment(id, broken.DATA, 0, 99)).status).toBe(200)
    expect((await sendFragment(id, broken.DATA, 100, 199)).status).toBe(200)
    expect((await sessionPacket('Close-Session', id)).status).toBe(500)
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect((await sessionPacket('Close-Session', id)).status).toBe(200)

    expect(checkClientRules(bits, { maxRetries: 1, minRetryDelayMs: 15 })).toEqual([])
    expect(bits.uploads.get('file.bin')?.size).toBe(200)
  })

  it('follows every rule with a 416 resync, a 413, a reply and a host id', async () => {
    const host = 'bits-node-2.example.test'
    const bits = start({ maxFragmentSize: 150, hostId: host, reply: () => 'ok' })
    const id = await openSession()
    const there = (url: string) => url.replace('bits.example.test', host)
    const fragment = (first: number, last: number) =>
      bitsPost({
        type: 'Fragment',
        path: there(`https://bits.example.test/uploads/file.bin`),
        sessionId: id,
        headers: { 'Content-Range': `bytes ${first}-${last}/200` },
        body: broken.DATA.subarray(first, last + 1),
      })
    expect(
      (await bitsPost({ type: 'Ping', path: there('https://bits.example.test/uploads/file.bin') }))
        .status,
    ).toBe(200)
    expect((await fragment(0, 199)).status).toBe(413)
    expect((await fragment(0, 99)).status).toBe(200)
    const ack = await fragment(100, 199)
    const replyUrl = ack.headers.get('BITS-Reply-URL')!
    expect(await (await fetch(replyUrl)).text()).toBe('ok')
    const close = await bitsPost({
      type: 'Close-Session',
      path: there('https://bits.example.test/uploads/file.bin'),
      sessionId: id,
    })
    expect(close.status).toBe(200)
    expect(checkClientRules(bits)).toEqual([])
    // Without the host id the oracle cannot check use-host-id, and finds nothing else either.
    expect(checkClientRules(bits.journal)).toEqual([])
  })
})
