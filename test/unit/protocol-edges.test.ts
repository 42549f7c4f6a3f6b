// The edges of the wire vocabulary (issue 21): the 2^53 − 1 bound of Content-Range, the names of
// HRESULTs at the ends of BG_E_HTTP_ERROR_<status>, and the 100-GUID cap of the protocol list.
import { describe, expect, it } from 'vitest'
import { BITS_PROTOCOL_GUID, createBitsServer } from '../../src/index.js'
import {
  exceedsSafeSize,
  hresultName,
  httpErrorHResult,
  parseContentRange,
  parseHex,
  parsePacketType,
} from '../../src/protocol/index.js'

const BASE_URL = 'https://bits.example.test/uploads'
const OTHER = '{11111111-2222-3333-4444-555555555555}'

describe('Content-Range above 2^53 − 1', () => {
  it.each([
    'bytes 0-1/9007199254740993',
    '  bytes 0-1/9007199254740993  ',
    '\tbytes 9007199254740992-9007199254740992/9007199254740993\n',
  ])('%j is too large, not malformed', (value) => {
    expect(exceedsSafeSize(value)).toBe(true)
    expect(parseContentRange(value)).toBeNull()
  })

  it.each([null, 'bytes 0-1/2', ' bytes 0-1/9007199254740991 ', 'bytes 0-1/x9007199254740993'])(
    '%j is not too large',
    (value) => {
      expect(exceedsSafeSize(value)).toBe(false)
    },
  )
})

describe('hresultName', () => {
  it.each([
    [httpErrorHResult(100), 'BG_E_HTTP_ERROR_100'],
    [httpErrorHResult(599), 'BG_E_HTTP_ERROR_599'],
    [httpErrorHResult(99), '0x80190063'],
    [httpErrorHResult(600), '0x80190258'],
    [0x80004003, '0x80004003'],
    [0x8020001f, 'BG_E_SESSION_NOT_FOUND'],
    [-2145386465, 'BG_E_SESSION_NOT_FOUND'],
  ])('names 0x%s %s', (code, name) => {
    expect(hresultName(code)).toBe(name)
  })
})

describe('header values read whole', () => {
  it.each(['120x5', 'ab0x5', 'BITS-Error: 0x5'])('parseHex(%j) is no HRESULT', (text) => {
    expect(parseHex(text)).toBeNull()
  })

  it.each([
    [' Ping ', 'Ping'],
    ['\tclose-session\n', 'Close-Session'],
    ['Pingx', null],
  ])('parsePacketType(%j) is %s', (value, type) => {
    expect(parsePacketType(value)).toBe(type)
  })
})

describe('BITS-Supported-Protocols: at most 100 GUIDs, empty tokens not counted', () => {
  async function createWith(offered: string): Promise<Response> {
    const bits = createBitsServer({ baseUrl: BASE_URL })
    return bits.handle(
      new Request(`${BASE_URL}/file.bin`, {
        method: 'BITS_POST',
        headers: {
          'BITS-Packet-Type': 'Create-Session',
          'BITS-Supported-Protocols': offered,
          'Content-Length': '0',
        },
      }),
    )
  }
  const others = (count: number) => Array.from({ length: count }, () => OTHER).join(' ')

  it('finds the GUID as the 100th after leading and doubled separators', async () => {
    const created = await createWith(`,,${others(99).replaceAll(' ', ' , ')} ${BITS_PROTOCOL_GUID}`)
    expect(created.status).toBe(200)
    expect(created.headers.get('BITS-Protocol')).toBe(BITS_PROTOCOL_GUID)
  })

  it('does not read a 101st GUID', async () => {
    const created = await createWith(`,${others(100)} ${BITS_PROTOCOL_GUID}`)
    expect(created.status).not.toBe(200)
    expect(created.headers.has('BITS-Session-Id')).toBe(false)
  })
})
