// What a `respond` rule puts on the wire, and the plan as `bits.faults` shows it (issue 21).
import { describe, expect, it } from 'vitest'
import { BITS_PROTOCOL_GUID } from '../../src/index.js'
import { useBitsServer } from '../support/msw.js'
import { bitsPost, openSession, sessionPacket } from '../support/packets.js'

const { start } = useBitsServer()
const ping = () => bitsPost({ type: 'Ping' })

describe('respond', () => {
  it('answers Create-Session and a session-less Ping without BITS-Session-Id', async () => {
    start({ faults: { rules: [{ times: 'always', respond: { status: 503 } }] } })
    const created = await bitsPost({
      type: 'Create-Session',
      headers: { 'BITS-Supported-Protocols': BITS_PROTOCOL_GUID },
    })
    expect(created.status).toBe(503)
    expect(created.headers.has('BITS-Session-Id')).toBe(false)
    const pinged = await ping()
    expect(pinged.status).toBe(503)
    expect(pinged.headers.has('BITS-Session-Id')).toBe(false)
  })

  it("answers a session's packet with its BITS-Session-Id, unless the rule sets its own", async () => {
    const bits = start()
    const id = await openSession()
    bits.faults.use({ rules: [{ packet: 'Ping', respond: { status: 503 } }] })
    expect((await sessionPacket('Ping', id)).headers.get('BITS-Session-Id')).toBe(id)
    const own = '{00000000-0000-4000-8000-000000000000}'
    bits.faults.use({
      rules: [{ packet: 'Ping', respond: { status: 503, headers: { 'BITS-Session-Id': own } } }],
    })
    expect((await sessionPacket('Ping', id)).headers.get('BITS-Session-Id')).toBe(own)
  })

  it('journals the Ack fields a rule writes as headers: received offset, reply URL', async () => {
    const reply = 'https://bits.example.test/replies/r.bin'
    const bits = start({
      faults: {
        rules: [
          {
            packet: 'Ping',
            respond: {
              status: 416,
              headers: { 'bits-received-content-range': '100', 'BITS-REPLY-URL': reply },
            },
          },
        ],
      },
    })
    const answer = await ping()
    expect(answer.headers.get('BITS-Received-Content-Range')).toBe('100')
    expect(answer.headers.get('BITS-Reply-URL')).toBe(reply)
    expect(bits.journal.last()).toMatchObject({ status: 416, receivedRange: 100, replyUrl: reply })
  })

  it('an extra header named like a fixed one replaces it, in any case, never joins it', async () => {
    start({
      faults: {
        rules: [
          {
            packet: 'Ping',
            times: 'always',
            respond: {
              status: 500,
              error: 'BG_E_SESSION_NOT_FOUND',
              headers: {
                'bits-packet-type': 'Ack',
                'BITS-ERROR-CODE': '0x1',
                'bits-error': '0x2',
                'Bits-Error-Context': '0x3',
              },
            },
          },
        ],
      },
    })
    const answer = await ping()
    expect(answer.headers.get('BITS-Packet-Type')).toBe('Ack')
    expect(answer.headers.get('BITS-Error-Code')).toBe('0x8020001F')
    expect(answer.headers.get('BITS-Error')).toBe('0x8020001F')
    expect(answer.headers.get('BITS-Error-Context')).toBe('0x5')
    expect(answer.headers.get('Content-Length')).toBe('0')
  })
})

describe('the plan', () => {
  it('shows the rules given and added; clear() empties it and keeps the seed', async () => {
    const bits = start({
      faults: { seed: 7, rules: [{ packet: 'Ping', times: 'always', respond: { status: 503 } }] },
    })
    bits.faults.add({ packet: 'Fragment', effect: 'network-error' })
    expect(bits.faults.plan).toEqual({
      seed: 7,
      rules: [
        { packet: 'Ping', times: 'always', respond: { status: 503 } },
        { packet: 'Fragment', effect: 'network-error' },
      ],
    })
    expect((await ping()).status).toBe(503)
    expect(bits.faults.pending()).toMatchObject([{ index: 1, name: 'rule #2', times: 1 }])
    bits.faults.clear()
    expect(bits.faults.plan).toEqual({ seed: 7, rules: [] })
    expect(bits.faults.pending()).toEqual([])
    expect((await ping()).status).toBe(200)
    bits.faults.add({ packet: 'Ping', respond: { status: 502 } })
    expect(bits.faults.plan.rules).toHaveLength(1)
    expect((await ping()).status).toBe(502)
    expect(bits.journal.last()?.fault).toMatchObject({ rule: 'rule #1' })
  })
})
