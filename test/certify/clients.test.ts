// End to end: the certify catalogue against the shipped reference uploader, in process, and against
// broken copies of it, each with one client rule replaced: each must fail exactly the scenarios its
// defect touches, with a reason naming the rule.
import { CATALOGUE, type CertifyReport, certifyClient } from 'msw-bits/node'
import { describe, expect, it } from 'vitest'
import { uploadBits } from '../support/bits-client.js'
import {
  type Answer,
  type Reaction,
  reference,
  type SentPacket,
  referenceClient as uploader,
} from './support/certify-kit.js'

/** Replaces one reaction of the reference classification with another. */
const classifyAs =
  (from: Reaction, to: Reaction, only?: string) => (packet: SentPacket, answer: Answer) => {
    const verdict = reference.classify(packet, answer)
    return verdict === from && (only === undefined || packet.type === only) ? to : verdict
  }

/** The ids that did not pass, by verdict. */
function graded(report: CertifyReport) {
  const ids = (verdict: string) =>
    report.scenarios.filter((s) => s.verdict === verdict).map((s) => s.id)
  return { fail: ids('fail'), nonStrict: ids('non-strict') }
}

describe('the reference uploader', () => {
  it('passes every scenario of the catalogue, the 64 MiB upload included', async () => {
    const report = await certifyClient(uploader(), { concurrency: 2 })
    const failing = report.scenarios.filter((s) => s.verdict !== 'pass')
    expect(failing.map((s) => `${s.id} ${s.reason}\n${s.timeline}`)).toEqual([])
    expect(report.scenarios.map((s) => s.id)).toEqual(CATALOGUE.map((s) => s.id))
    expect(report.counts).toEqual({ pass: CATALOGUE.length, 'non-strict': 0, fail: 0 })
    const big = report.scenarios.find((s) => s.id === '1.5')
    expect(big).toMatchObject({ uploaded: true, exitCode: 0 })
    expect(big?.sha256Stored).toBe(big?.sha256Expected)
  }, 120_000)
})

describe('the test suite’s fetch client (test/support/bits-client.ts)', () => {
  it('passes every scenario but the 64 MiB one', async () => {
    const report = await certifyClient(
      async ({ url, bytes }) => {
        // Scenarios with Basic auth put the credentials in the URL; fetch refuses them there.
        const target = new URL(url)
        const credentials = target.username
          ? {
              username: decodeURIComponent(target.username),
              password: decodeURIComponent(target.password),
            }
          : undefined
        target.username = ''
        target.password = ''
        await uploadBits({ url: target.href, data: bytes, credentials, requestTimeoutMs: 2000 })
      },
      { exclude: ['1.5'], concurrency: 2 },
    )
    expect(
      report.scenarios.filter((s) => s.verdict !== 'pass').map((s) => `${s.id} ${s.reason}`),
    ).toEqual([])
  }, 120_000)
})

interface BrokenCase {
  /** What the broken copy gets wrong. */
  defect: string
  policy: Record<string, unknown>
  fail: string[]
  nonStrict?: string[]
  /** A rule every failing reason names, when the oracle is what catches it. */
  rule?: string
  timeoutSeconds?: number
}

const BROKEN: BrokenCase[] = [
  {
    defect: 'resends after a final answer',
    policy: { classify: classifyAs('fatal', 'transient') },
    fail: ['5.1', '5.2', '5.3', '5.7', '5.8', '5.9', '8.2', '8.3', '8.4'],
  },
  {
    defect: 'gives up on Close-Session at any error',
    policy: { classify: classifyAs('transient', 'fatal', 'Close-Session') },
    // 4.2 and 4.4 restart instead, and 6.5's lost Ack is no answer at all: only the 5xx ones fail.
    fail: ['3.3', '3.6'],
    rule: 'resend-close-after-5xx',
  },
  {
    defect: 'resends on a lost session instead of starting over',
    policy: { classify: classifyAs('restart', 'transient') },
    fail: ['4.1', '4.2', '4.3', '4.4', '6.5'],
    rule: 'restart-after-session-not-found',
  },
  {
    defect: 'ignores context 0x7 (treats application errors as the server’s)',
    policy: {
      classify: (packet: SentPacket, answer: Answer) =>
        reference.classify(packet, { ...answer, errorContext: null }),
    },
    fail: ['5.5', '5.6'],
  },
  {
    defect: 'ignores BITS-Received-Content-Range',
    policy: { nextOffset: (_: unknown, last: number) => last + 1 },
    fail: ['2.1', '2.2', '2.3', '2.4'],
  },
  {
    defect: 'resends the same size after 413',
    policy: { shrink: (sent: number) => sent },
    fail: ['8.1'],
  },
  {
    defect: 'ignores BITS-Host-Id',
    policy: { useHostId: false },
    fail: ['11.1', '11.2'],
  },
  {
    defect: 'closes without downloading the reply',
    policy: { downloadReply: false },
    fail: ['10.1', '10.2', '10.3'],
  },
  {
    defect: 'never answers a Basic challenge',
    policy: { answerChallenge: false },
    fail: ['9.1', '9.2'],
  },
  {
    defect: 'never times out a request',
    policy: { requestTimeoutMs: 600_000 },
    fail: ['7.5', '7.6'],
    timeoutSeconds: 6,
  },
  {
    defect: 'retries back to back',
    policy: { retryDelayMs: 0, maxRetries: 1000 },
    fail: [],
    nonStrict: ['11.2'],
    rule: 'no-retry-storm',
  },
]

describe.concurrent('each broken copy fails exactly the scenarios of its defect', () => {
  it.each(BROKEN.map((c) => [c.defect, c] as const))(
    '%s',
    async (_, c) => {
      const report = await certifyClient(uploader(c.policy), {
        exclude: ['1.5'],
        concurrency: 2,
        timeoutSeconds: c.timeoutSeconds ?? 20,
      })
      expect(graded(report)).toEqual({ fail: c.fail, nonStrict: c.nonStrict ?? [] })
      for (const result of report.scenarios.filter((s) => s.verdict !== 'pass')) {
        expect(result.reason).not.toBe('')
        if (c.rule) expect(result.reason).toContain(c.rule)
      }
    },
    120_000,
  )
})
