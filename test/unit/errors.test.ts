import { describe, expect, it } from 'vitest'
import { ack, renderAck } from '../../src/protocol/ack.js'
import {
  BitsError,
  contextName,
  formatHex,
  hresultName,
  httpErrorHResult,
  parseHex,
  WireErrors,
} from '../../src/protocol/errors.js'

describe('HRESULT formatting (bits-protocol.md Choices: 0x + upper-case hex)', () => {
  it.each([
    [0x8020001f, '0x8020001F'],
    [0x80200020, '0x80200020'],
    [0x80070057, '0x80070057'],
    [0x5, '0x5'],
    [0x7, '0x7'],
    [0, '0x0'],
    [-2145386465, '0x8020001F'], // the same HRESULT as a signed 32-bit int
  ])('formatHex(%i) is %s', (value, text) => {
    expect(formatHex(value)).toBe(text)
  })

  it.each([
    ['0x8020001F', 0x8020001f],
    ['0x8020001f', 0x8020001f],
    [' 0x5 ', 5],
    ['7', 7],
    ['-2145386465', 0x8020001f],
    ['0x', null],
    ['0x123456789', null],
    ['zz', null],
    [null, null],
  ])('parseHex(%j) is %s', (text, value) => {
    expect(parseHex(text)).toBe(value)
  })

  it('names HRESULTs and contexts for the journal', () => {
    expect(hresultName(BitsError.SESSION_NOT_FOUND)).toBe('BG_E_SESSION_NOT_FOUND')
    expect(hresultName(httpErrorHResult(503))).toBe('BG_E_HTTP_ERROR_503')
    expect(hresultName(0x8badf00d)).toBe('0x8BADF00D')
    expect(contextName(5)).toBe('REMOTE_FILE')
    expect(contextName(7)).toBe('REMOTE_APPLICATION')
    expect(contextName(42)).toBe('0x2A')
  })
})

describe('the wire error table ([MC-BUP] §3.2.5.2.3, bits-protocol.md §3)', () => {
  it.each([
    ['InvalidArgument', 400, 0x80070057, 5],
    ['NoCommonProtocol', 400, 0x80070057, 5],
    ['OverwriteRefused', 403, 0x80070005, 5],
    ['FragmentTooLarge', 413, 0x8019019d, 5],
    ['OutOfSync', 416, 0, 5],
    ['SessionNotFound', 500, 0x8020001f, 5],
    ['TooLarge', 500, 0x80200020, 5],
    ['UploadsDisabled', 501, 0x80070005, 5],
    ['ApplicationFailed', 500, 0x80004005, 7],
  ] as const)('%s is %i %s context %i', (name, status, hresult, context) => {
    expect(WireErrors[name]).toEqual({ status, hresult, context })
    expect(Object.isFrozen(WireErrors[name])).toBe(true)
  })
})

describe('renderAck() (bits-protocol.md §1, §3)', () => {
  it('a success Ack: BITS-Packet-Type: Ack, Content-Length: 0, no error headers', () => {
    const response = renderAck(ack({ headers: { 'BITS-Received-Content-Range': '213' } }))
    expect(response.status).toBe(200)
    expect(Object.fromEntries(response.headers)).toEqual({
      'bits-packet-type': 'Ack',
      'content-length': '0',
      'bits-received-content-range': '213',
    })
  })

  it.each([
    ['both', ['bits-error', 'bits-error-code']],
    ['BITS-Error-Code', ['bits-error-code']],
    ['BITS-Error', ['bits-error']],
  ] as const)('errorHeaders %s renders %j and the context', (style, names) => {
    const response = renderAck(ack({ error: WireErrors.SessionNotFound }), style)
    expect(response.status).toBe(500)
    for (const name of ['bits-error', 'bits-error-code']) {
      expect(response.headers.get(name)).toBe(
        (names as readonly string[]).includes(name) ? '0x8020001F' : null,
      )
    }
    expect(response.headers.get('BITS-Error-Context')).toBe('0x5')
  })

  it('no error headers when an error is given with status 200 or 201 (§2.2.1.2)', () => {
    for (const status of [200, 201]) {
      const response = renderAck(ack({ status, error: WireErrors.InvalidArgument }))
      expect(response.status).toBe(status)
      expect(response.headers.get('BITS-Error-Code')).toBeNull()
    }
  })
})
