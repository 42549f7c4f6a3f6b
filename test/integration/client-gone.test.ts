// A client that goes away: every wait honours request.signal, and the journal says so.
import { describe, expect, it } from 'vitest'
import { BITS_PROTOCOL_GUID, createBitsServer } from '../../src/index.js'
import { BASE_URL, useBitsServer } from '../support/msw.js'
import { openSession, packetInit, urlOf } from '../support/packets.js'

const { start } = useBitsServer()

/** Resolves once `done()` holds: the server got that far with the request (bounded). */
async function until(done: () => boolean): Promise<void> {
  for (let turn = 0; turn < 1000 && !done(); turn++) {
    await new Promise((resolve) => setImmediate(resolve))
  }
}

describe('a client that goes away', () => {
  it('ends a hang: handle() settles, and the entry says the client gave up', async () => {
    const bits = createBitsServer({
      baseUrl: BASE_URL,
      faults: { rules: [{ packet: 'Ping', effect: 'hang' }] },
    })
    const client = new AbortController()
    const request = new Request(`${BASE_URL}/a.bin`, {
      ...packetInit('Ping'),
      signal: client.signal,
    })
    const answered = bits.handle(request)
    await until(() => bits.journal.last()?.unanswered === 'hang')
    expect(bits.journal.last()).toMatchObject({ unanswered: 'hang', abortedAt: null })
    client.abort()
    expect((await answered).type).toBe('error')
    expect(bits.journal.last()).toMatchObject({
      status: null,
      answeredAt: null,
      unanswered: 'hang',
    })
    expect(bits.journal.last()?.abortedAt).toEqual(expect.any(Number))
    expect(bits.journal.format()).toContain('no answer (hang; client gave up)')
  })

  it('ends a delay through MSW: the fetch fails at once and the entry is aborted', async () => {
    const bits = start({ faults: { rules: [{ packet: 'Ping', delayMs: 600_000 }] } })
    const client = new AbortController()
    const fetched = fetch(urlOf('a.bin'), { ...packetInit('Ping'), signal: client.signal })
    await until(() => bits.journal.last()?.fault !== null)
    client.abort()
    await expect(fetched).rejects.toThrow()
    await until(() => bits.journal.last()?.unanswered === 'aborted')
    expect(bits.journal.last()).toMatchObject({
      packet: 'Ping',
      status: null,
      unanswered: 'aborted',
    })
    expect(bits.journal.format()).toContain('no answer (client went away)')
  })

  it('mid-fragment: handle() resolves, the entry names the Fragment, nothing is stored', async () => {
    const bits = createBitsServer({ baseUrl: BASE_URL })
    const created = await bits.handle(
      new Request(
        `${BASE_URL}/cut.bin`,
        packetInit('Create-Session', { 'BITS-Supported-Protocols': BITS_PROTOCOL_GUID }),
      ),
    )
    const sessionId = created.headers.get('BITS-Session-Id') ?? ''
    const client = new AbortController()
    // The client sends 4 of the 10 bytes it announced, then stops.
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array(4))
      },
    })
    const request = new Request(`${BASE_URL}/cut.bin`, {
      ...packetInit('Fragment', { 'BITS-Session-Id': sessionId, 'Content-Range': 'bytes 0-9/10' }),
      body,
      duplex: 'half',
      signal: client.signal,
    } as RequestInit)
    const answered = bits.handle(request)
    await until(() => bits.journal.entries.length === 2)
    client.abort()
    expect((await answered).type).toBe('error')
    expect(bits.journal.last()).toMatchObject({
      packet: 'Fragment',
      sessionId,
      range: { first: 0, last: 9, total: 10 },
      bodyLength: 4,
      status: null,
      unanswered: 'aborted',
    })
    expect(bits.sessions.list()[0]?.received).toBe(0)
  })

  it('a request answered before the client left is journalled as answered', async () => {
    const bits = start()
    await openSession('kept.bin')
    expect(bits.journal.last()).toMatchObject({ status: 200, unanswered: null, abortedAt: null })
  })
})
