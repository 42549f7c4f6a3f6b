// The timeline's model and HTML from real journals: a real upload through setupServer per plan.
import { describe, expect, it } from 'vitest'
import { checkClientRules } from '../../src/index.js'
import { layoutTimeline, timelineHtml } from '../../src/timeline/index.js'
import { uploadBits } from '../support/bits-client.js'
import { BASE_URL, useBitsServer } from '../support/msw.js'
import { generateBytes } from '../support/payloads.js'
import { plan } from '../support/plans.js'

const { start } = useBitsServer()
const noWait = async () => {}

describe('timeline layout', () => {
  it('stacks a 503 burst under the try it repeats and colours each answer', async () => {
    const bits = start({ seed: 7, faults: plan('fragment-503-burst.json') })
    await uploadBits({
      url: `${BASE_URL}/burst.bin`,
      data: generateBytes(300),
      fragmentSize: 100,
      sleep: noWait,
    })

    const model = layoutTimeline({ ...bits.journal.toJSON(), violations: checkClientRules(bits) })
    expect(model.sessions).toHaveLength(1)
    const [track] = model.sessions
    expect(track).toMatchObject({
      name: '/uploads/burst.bin',
      total: 300,
      received: 300,
      state: 'closed',
    })
    const lanes = track!.lanes.map((lane) => lane.map((mark) => `#${mark.entry.seq} ${mark.kind}`))
    expect(lanes).toEqual([
      ['#2 ok', '#3 server-error', '#7 ok'],
      ['#4 server-error'],
      ['#5 server-error'],
      ['#6 ok'],
    ])
    expect(track!.start.map((mark) => mark.entry.packet)).toEqual(['Create-Session'])
    expect(track!.end.map((mark) => [mark.entry.packet, mark.kind])).toEqual([
      ['Close-Session', 'ok'],
    ])
    expect(model.violations).toEqual([])
  })

  it('shows a lost session, context 0x7, a lost Ack by their kinds, retries in lanes', async () => {
    const bits = start({
      faults: {
        rules: [
          {
            packet: 'Fragment',
            offset: 'last',
            timing: 'after',
            effect: 'network-error',
            name: 'lost ack',
          },
          {
            packet: 'Fragment',
            after: 1,
            times: 1,
            respond: { status: 503, context: '0x7' },
            name: 'app',
          },
          {
            packet: 'Close-Session',
            respond: { status: 500, error: 'BG_E_SESSION_NOT_FOUND' },
            name: 'gone',
          },
        ],
      },
    })
    await uploadBits({
      url: `${BASE_URL}/mix.bin`,
      data: generateBytes(300),
      fragmentSize: 100,
      sleep: noWait,
    })

    const kinds = layoutTimeline(bits.journal.toJSON()).sessions.map((track) => ({
      state: track.state,
      kinds: [...track.lanes.flat(), ...track.end].map((mark) => mark.kind),
    }))
    expect(kinds[0]).toEqual({
      state: 'lost',
      kinds: ['ok', 'application', 'network-error', 'ok', 'ok', 'server-error'],
    })
    expect(kinds[1]?.state).toBe('closed')
  })

  it('colours a request the client gave up on as no response, a hang as a hang', async () => {
    const bits = start({
      faults: {
        rules: [
          { packet: 'Ping', times: 1, effect: 'hang' },
          { packet: 'Ping', times: 1, delayMs: 60_000 },
        ],
      },
    })
    const ping = () =>
      fetch(`${BASE_URL}/x`, {
        method: 'BITS_POST',
        headers: { 'BITS-Packet-Type': 'Ping' },
        signal: AbortSignal.timeout(50),
      }).catch((error: Error) => error.name)
    expect(await ping()).toBe('TimeoutError')
    expect(await ping()).toBe('TimeoutError')
    await expect
      .poll(() => bits.journal.entries.map((e) => e.unanswered))
      .toEqual(['hang', 'aborted'])

    const model = layoutTimeline(bits.journal.toJSON())
    expect(model.loose.map((mark) => mark.kind)).toEqual(['hang', 'network-error'])
  })

  it('renders faults by rule, violations linked to their requests, and escapes user text', () => {
    const entry = (seq: number, status: number | null) => ({
      seq,
      time: seq,
      answeredAt: status === null ? null : seq,
      method: 'BITS_POST',
      url: `${BASE_URL}/<b>.bin`,
      kind: 'packet' as const,
      packet: 'Fragment' as const,
      sessionId: '{ABC}',
      range: { first: 0, last: 9, total: 20 },
      bodyLength: 10,
      status,
      errorCode: null,
      errorContext: null,
      receivedRange: null,
      replyUrl: null,
      fault: { rule: '<x> & "y"', index: 0, timing: 'before' as const, action: 'hang' },
      authScheme: null,
    })
    const html = timelineHtml(
      {
        seed: 42,
        dropped: 3,
        entries: [entry(1, 400), entry(2, null)],
        violations: [{ rule: 'no-resend-after-fatal', message: 'resent <#1>', seqs: [1, 2] }],
      },
      { idPrefix: 't-' },
    )
    expect(html).toContain('data-seed="42"')
    expect(html).toContain('<span>3 older dropped (journalLimit)</span>')
    expect(html).toContain('id="t-1" class="mark bar kind-client-error faulted violating"')
    expect(html).toContain('id="t-2" class="mark bar kind-hang faulted violating"')
    expect(html).toContain('&lt;x&gt; &amp; &quot;y&quot;')
    expect(html).toContain('/uploads/&lt;b&gt;.bin')
    expect(html).toContain('<a href="#t-1">#1</a> <a href="#t-2">#2</a><p>resent &lt;#1&gt;</p>')
    expect(html).not.toContain('<b>')
  })
})
