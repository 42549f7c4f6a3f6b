import { describe, expect, it } from 'vitest'
import { BITS_PROTOCOL_GUID } from '../../src/index.js'
import { BRACED_GUID, type ExchangeCase, SESSION, testExchanges } from '../support/exchange.js'
import { useBitsServer } from '../support/msw.js'
import { bitsPost, openSession, sendFragment } from '../support/packets.js'
import { generateBytes } from '../support/payloads.js'

const { start } = useBitsServer()
const offer = { 'BITS-Supported-Protocols': BITS_PROTOCOL_GUID }
const invalidArg = { 'BITS-Error-Code': '0x80070057', 'BITS-Error-Context': '0x5' }

describe('the method (bits-protocol.md §1, [MC-BUP] §2.2.1)', () => {
  testExchanges(start, [
    {
      // The web server refuses an unknown method before BITS sees it: IIS answers a plain 501.
      name: 'BITS_POST is case-sensitive: bits_post gets a plain 501, no Ack ([MC-BUP] §2.2.1, RFC 9110 §9.1, §15.6.2)',
      method: 'bits_post',
      type: 'Create-Session',
      headers: offer,
      status: 501,
      ack: false,
      expect: { 'BITS-Packet-Type': null, 'BITS-Error-Code': null, 'BITS-Session-Id': null },
      check: ({ bits }) => expect(bits.sessions.size).toBe(0),
    },
    {
      name: 'OneDrive dialect: POST + X-Http-Method-Override: BITS_POST creates a session (bits-protocol.md §7)',
      method: 'POST',
      type: 'Create-Session',
      headers: { ...offer, 'X-Http-Method-Override': 'BITS_POST' },
      status: 200,
      expect: { 'BITS-Session-Id': BRACED_GUID, 'BITS-Protocol': BITS_PROTOCOL_GUID },
    },
    {
      name: 'a plain POST without the override is not BITS: 405, Allow naming BITS_POST and the reply URLs’ GET, HEAD ([MC-BUP] §2.2.1, RFC 9110 §15.5.6)',
      method: 'POST',
      type: 'Create-Session',
      headers: offer,
      status: 405,
      ack: false,
      expect: { Allow: 'BITS_POST, GET, HEAD' },
      check: ({ bits }) => expect(bits.sessions.size).toBe(0),
    },
  ])
})

describe('packet types and required headers ([MC-BUP] §2.2.1.2)', () => {
  testExchanges(start, [
    {
      name: 'packet types compare case-insensitively: CREATE-SESSION opens a session (§2.2.1.2)',
      type: 'CREATE-SESSION',
      headers: offer,
      status: 200,
      expect: { 'BITS-Session-Id': BRACED_GUID },
    },
    {
      name: 'lower-case fragment is a Fragment (§2.2.1.2)',
      given: { session: { total: 10 } },
      type: 'fragment',
      headers: { 'BITS-Session-Id': SESSION, 'Content-Range': 'bytes 0-9/10' },
      body: 10,
      status: 200,
      expect: { 'BITS-Received-Content-Range': '10', 'BITS-Session-Id': SESSION },
    },
    {
      name: 'an unknown packet type gets 400 E_INVALIDARG 0x5 (§2.2.1.2, §3.2.5.2.3)',
      type: 'Upload-Everything',
      status: 400,
      expect: invalidArg,
    },
    {
      name: 'no BITS-Packet-Type at all gets 400 E_INVALIDARG (§2.2.1.2)',
      status: 400,
      expect: invalidArg,
    },
    ...(['Fragment', 'Close-Session', 'Cancel-Session'] as const).map(
      (type): ExchangeCase => ({
        name: `${type} without BITS-Session-Id gets 400 E_INVALIDARG (§2.2.1.2: required on all but Create-Session and Ping)`,
        given: { session: {} },
        type,
        headers: type === 'Fragment' ? { 'Content-Range': 'bytes 0-9/10' } : undefined,
        body: type === 'Fragment' ? 10 : undefined,
        status: 400,
        expect: invalidArg,
      }),
    ),
    ...(['Create-Session', 'Ping', 'Close-Session', 'Cancel-Session'] as const).map(
      (type): ExchangeCase => ({
        name: `a body on ${type} gets 400 E_INVALIDARG (§2.2.2–§2.2.10: Content-Length 0)`,
        given: { session: {} },
        type,
        headers: { ...offer, 'BITS-Session-Id': SESSION },
        body: 16,
        status: 400,
        expect: invalidArg,
        check: ({ bits }) => expect(bits.sessions.size).toBe(1),
      }),
    ),
    {
      name: 'unknown headers are ignored (bits-protocol.md §1)',
      type: 'Create-Session',
      headers: { ...offer, 'X-Client-Build': '10.0.26100', 'BITS-Future-Thing': 'yes' },
      status: 200,
    },
  ])
})

describe('Ping ([MC-BUP] §2.2.4, §2.2.5, §3.2.5.2.5)', () => {
  testExchanges(start, [
    { name: 'Ping without a session gets 200 (§3.2.5.2.5)', type: 'Ping', status: 200 },
    {
      name: 'Ping naming an unknown session still gets 200: the server does no processing (§3.2.5.2.5)',
      type: 'Ping',
      headers: { 'BITS-Session-Id': '{00000000-0000-0000-0000-000000000000}' },
      status: 200,
      expect: { 'BITS-Error-Code': null },
    },
    {
      name: 'Ping gets 200 even when uploads are disabled (§3.2.5.2.5 MUST)',
      options: { uploadEnabled: false },
      type: 'Ping',
      status: 200,
    },
  ])
})

describe('uploadEnabled false (W32 BITSUploadEnabled, bits-protocol.md §3)', () => {
  const disabled = { options: { uploadEnabled: false }, status: 501 }
  const accessDenied = { 'BITS-Error-Code': '0x80070005', 'BITS-Error-Context': '0x5' }
  testExchanges(start, [
    {
      name: 'Create-Session gets 501 E_ACCESSDENIED 0x5 and no session',
      ...disabled,
      type: 'Create-Session',
      headers: offer,
      expect: { ...accessDenied, 'BITS-Session-Id': null },
      check: ({ bits }) => expect(bits.sessions.size).toBe(0),
    },
    ...(['Close-Session', 'Cancel-Session'] as const).map(
      (type): ExchangeCase => ({
        name: `${type} gets 501 E_ACCESSDENIED 0x5, its session id echoed (§2.2.1.2, Choices)`,
        ...disabled,
        type,
        headers: { 'BITS-Session-Id': '{a0ff5911-4144-45b3-bf27-27afc8ec8a67}' },
        expect: { ...accessDenied, 'BITS-Session-Id': '{a0ff5911-4144-45b3-bf27-27afc8ec8a67}' },
      }),
    ),
    {
      name: 'Fragment gets 501 E_ACCESSDENIED 0x5',
      ...disabled,
      type: 'Fragment',
      headers: {
        'BITS-Session-Id': '{A0FF5911-4144-45B3-BF27-27AFC8EC8A67}',
        'Content-Range': 'bytes 0-3/4',
      },
      body: 4,
      expect: accessDenied,
    },
  ])
})

describe('BITS-Session-Id is echoed as the client sent it ([MC-BUP] §2.2.1.2)', () => {
  it('a session used in lower case gets that spelling back on every Ack', async () => {
    const bits = start()
    const issued = await openSession()
    const sent = issued.toLowerCase()
    const data = generateBytes(10)
    const fragment = await sendFragment(sent, data, 0, 9)
    expect(fragment.status).toBe(200)
    expect(fragment.headers.get('BITS-Session-Id')).toBe(sent)
    const gap = await sendFragment(sent, data, 5, 9)
    expect(gap.headers.get('BITS-Session-Id')).toBe(sent)
    const close = await bitsPost({ type: 'Close-Session', sessionId: sent })
    expect([close.status, close.headers.get('BITS-Session-Id')]).toEqual([200, sent])
    expect(bits.uploads.get('file.bin')?.sessionId).toBe(issued)
  })
})

describe('error headers (bits-protocol.md §3 and Choices, [MC-BUP] §2.2.1.2)', () => {
  const unknown = '{11111111-2222-3333-4444-555555555555}'
  testExchanges(start, [
    {
      name: 'by default both BITS-Error-Code and BITS-Error, 0x + upper-case hex, context 0x5, session echoed',
      type: 'Close-Session',
      headers: { 'BITS-Session-Id': unknown },
      status: 500,
      expect: {
        'BITS-Error-Code': '0x8020001F',
        'BITS-Error': '0x8020001F',
        'BITS-Error-Context': '0x5',
        'BITS-Session-Id': unknown,
      },
    },
    {
      name: "errorHeaders: 'BITS-Error-Code' sends the Win32 name only",
      options: { errorHeaders: 'BITS-Error-Code' },
      type: 'Close-Session',
      headers: { 'BITS-Session-Id': unknown },
      status: 500,
      expect: { 'BITS-Error-Code': '0x8020001F', 'BITS-Error': null, 'BITS-Error-Context': '0x5' },
    },
    {
      name: "errorHeaders: 'BITS-Error' sends the spec's name only (Windows Server 2003 IIS)",
      options: { errorHeaders: 'BITS-Error' },
      type: 'Close-Session',
      headers: { 'BITS-Session-Id': unknown },
      status: 500,
      expect: { 'BITS-Error': '0x8020001F', 'BITS-Error-Code': null, 'BITS-Error-Context': '0x5' },
    },
    {
      name: 'a successful Ack carries no error headers (§2.2.1.2: only when not 200/201)',
      type: 'Create-Session',
      headers: offer,
      status: 200,
      expect: { 'BITS-Error-Code': null, 'BITS-Error': null, 'BITS-Error-Context': null },
    },
    {
      name: 'createSessionStatus: 201 answers Create-Session 201, as OneDrive does (§2.2.3)',
      options: { createSessionStatus: 201 },
      type: 'Create-Session',
      headers: offer,
      status: 201,
      expect: { 'BITS-Session-Id': BRACED_GUID, 'BITS-Error-Code': null },
    },
  ])
})

describe('BITS-Host-Id (bits-protocol.md §4 rule 1, [MC-BUP] §2.2.3, §3.1.5)', () => {
  it('announces the host and the fallback timeout, and serves the session on that host', async () => {
    const bits = start({ hostId: 'frankcao8.example.test', hostIdFallbackTimeout: 110 })
    const created = await bitsPost({ type: 'Create-Session', headers: offer })
    expect(created.headers.get('BITS-Host-Id')).toBe('frankcao8.example.test')
    expect(created.headers.get('BITS-Host-Id-Fallback-Timeout')).toBe('110')
    const sessionId = created.headers.get('BITS-Session-Id')!
    const host = 'https://frankcao8.example.test/uploads/file.bin'
    expect((await bitsPost({ type: 'Ping', path: host })).status).toBe(200)
    const data = generateBytes(300)
    expect((await sendFragment(sessionId, data, 0, 299, host)).status).toBe(200)
    expect((await bitsPost({ type: 'Close-Session', path: host, sessionId })).status).toBe(200)
    expect(bits.uploads.get('file.bin')?.bytes).toEqual(data)
    expect(new URL(bits.journal.last()!.url).host).toBe('frankcao8.example.test')
  })

  it('without hostId the Create-Session Ack has no BITS-Host-Id', async () => {
    start()
    const created = await bitsPost({ type: 'Create-Session', headers: offer })
    expect(created.headers.get('BITS-Host-Id')).toBeNull()
    expect(created.headers.get('BITS-Host-Id-Fallback-Timeout')).toBeNull()
  })
})

describe('every Ack ([MC-BUP] §2.2.3, bits-protocol.md §1)', () => {
  it('has BITS-Packet-Type: Ack and Content-Length: 0 for all five packets, errors included', async () => {
    start({ maxFragmentSize: 100 })
    const sessionId = await openSession()
    const data = generateBytes(200)
    const answers = [
      await bitsPost({ type: 'Create-Session', headers: offer }),
      await bitsPost({ type: 'Ping' }),
      await sendFragment(sessionId, data, 0, 99),
      await sendFragment(sessionId, data, 150, 199), // 416
      await sendFragment(sessionId, data, 0, 199), // 413
      await bitsPost({ type: 'Cancel-Session', sessionId: '{0}' }), // 500
      await bitsPost({ type: 'Close-Session', sessionId }),
      await bitsPost({ type: 'Nonsense' }), // 400
    ]
    expect(answers.map((response) => response.status)).toEqual([
      200, 200, 200, 416, 413, 500, 200, 400,
    ])
    for (const response of answers) {
      expect(response.headers.get('BITS-Packet-Type')).toBe('Ack')
      expect(response.headers.get('Content-Length')).toBe('0')
      expect((await response.arrayBuffer()).byteLength).toBe(0)
    }
  })
})
