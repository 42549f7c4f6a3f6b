// exchange(): the outcome as data, as a socket host sees it (DESIGN.md, Architecture).
import { describe, expect, it } from 'vitest'
import {
  BITS_PROTOCOL_GUID,
  createBitsServer,
  type FaultRule,
  fromFetchRequest,
} from '../../src/index.js'
import { BASE_URL } from '../support/msw.js'
import { packetInit } from '../support/packets.js'

const fetchRequest = (type: string, headers: Record<string, string> = {}, body?: Uint8Array) =>
  new Request(`${BASE_URL}/file.bin`, packetInit(type, headers, body))
const request = (type: string, headers: Record<string, string> = {}, body?: Uint8Array) =>
  fromFetchRequest(fetchRequest(type, headers, body))

async function openSession(bits: ReturnType<typeof createBitsServer>): Promise<string> {
  const outcome = await bits.exchange(
    request('Create-Session', { 'BITS-Supported-Protocols': BITS_PROTOCOL_GUID }),
  )
  if (outcome.kind !== 'ack') throw new Error(`Failed to open a session: got ${outcome.kind}.`)
  return outcome.ack.sessionId ?? ''
}

describe('exchange()', () => {
  it('returns a Fragment Ack as data, and the journal entry completed from it', async () => {
    const bits = createBitsServer({ baseUrl: BASE_URL })
    const id = await openSession(bits)
    const outcome = await bits.exchange(
      request(
        'Fragment',
        { 'BITS-Session-Id': id, 'Content-Range': 'bytes 0-3/10' },
        new Uint8Array(4),
      ),
    )
    expect(outcome).toEqual({
      kind: 'ack',
      ack: { status: 200, sessionId: id, receivedOffset: 4 },
    })
    expect(bits.journal.last()).toMatchObject({ status: 200, receivedRange: 4, sessionId: id })
    const response = bits.render(outcome as Extract<typeof outcome, { kind: 'ack' }>)
    expect(response.headers.get('BITS-Packet-Type')).toBe('Ack')
  })

  it('an error Ack carries its WireErrors entry; the journal has its HRESULT and context', async () => {
    const bits = createBitsServer({ baseUrl: BASE_URL })
    const outcome = await bits.exchange(request('Close-Session', { 'BITS-Session-Id': '{X}' }))
    expect(outcome).toMatchObject({
      kind: 'ack',
      ack: { status: 500, error: { hresult: 0x8020001f, context: 5 } },
    })
    expect(bits.journal.last()).toMatchObject({
      status: 500,
      errorCode: 0x8020001f,
      errorContext: 5,
    })
  })

  it.each(['reset', 'truncate', 'garbage', 'network-error'] as const)(
    'keeps the transport effect %s distinct; handle() answers a network error',
    async (effect) => {
      const rule: FaultRule = { packet: 'Ping', times: 2, effect }
      const bits = createBitsServer({ baseUrl: BASE_URL, faults: { rules: [rule] } })
      expect(await bits.exchange(request('Ping'))).toEqual({
        kind: 'transport',
        effect,
        answer: null,
      })
      expect((await bits.handle(fetchRequest('Ping'))).type).toBe('error')
      for (const entry of bits.journal.entries) {
        expect(entry).toMatchObject({ status: null, fault: { action: effect } })
        expect(entry.answeredAt).not.toBeNull()
      }
    },
  )

  it('with timing "after", a transport effect carries the answer the server produced', async () => {
    const bits = createBitsServer({
      baseUrl: BASE_URL,
      faults: { rules: [{ packet: 'Create-Session', timing: 'after', effect: 'truncate' }] },
    })
    const outcome = await bits.exchange(
      request('Create-Session', { 'BITS-Supported-Protocols': BITS_PROTOCOL_GUID }),
    )
    expect(outcome).toMatchObject({
      kind: 'transport',
      effect: 'truncate',
      answer: { kind: 'ack', ack: { status: 200 } },
    })
    expect(bits.sessions.list()).toHaveLength(1)
    expect(bits.journal.last()?.fault?.serverStatus).toBe(200)
  })

  it('a hang is no answer: exchange() says so at once, and the journal entry stays open', async () => {
    const bits = createBitsServer({
      baseUrl: BASE_URL,
      faults: { rules: [{ packet: 'Ping', effect: 'hang' }] },
    })
    expect(await bits.exchange(request('Ping'))).toEqual({ kind: 'unanswered', reason: 'hang' })
    expect(bits.journal.last()).toMatchObject({ packet: 'Ping', answeredAt: null, status: null })
  })

  it('a reply download and a non-BITS request are ready responses', async () => {
    const bits = createBitsServer({ baseUrl: BASE_URL })
    const outcome = await bits.exchange(
      fromFetchRequest(new Request(`${BASE_URL}/file.bin`, { method: 'PUT' })),
    )
    expect(outcome.kind).toBe('response')
    if (outcome.kind === 'response') {
      expect(outcome.response.status).toBe(405)
      expect(outcome.response.headers.get('Allow')).toBe('BITS_POST, GET, HEAD')
    }
  })
})
