import { describe, expect, it } from 'vitest'
import { BITS_PROTOCOL_GUID } from '../../src/index.js'
import { BRACED_GUID, completeUpload, testExchanges } from '../support/exchange.js'
import { useBitsServer } from '../support/msw.js'
import { bitsPost, openSession, sendFragment } from '../support/packets.js'
import { generateBytes } from '../support/payloads.js'

const { start } = useBitsServer()
const OTHER = '{11111111-2222-3333-4444-555555555555}'
const UPPER = BITS_PROTOCOL_GUID.toUpperCase()
const noCommon = {
  status: 400,
  expect: {
    'BITS-Error-Code': '0x80070057',
    'BITS-Error-Context': '0x5',
    'BITS-Session-Id': null,
    'BITS-Protocol': null,
  },
}
const chosen = {
  status: 200,
  expect: { 'BITS-Protocol': BITS_PROTOCOL_GUID, 'BITS-Session-Id': BRACED_GUID },
}

describe('protocol negotiation ([MC-BUP] §2.2.2, §3.2.5.2.4)', () => {
  const offer = (value: string) => ({
    type: 'Create-Session',
    headers: { 'BITS-Supported-Protocols': value },
  })
  testExchanges(start, [
    { name: 'the BITS 1.5 GUID alone is chosen (§1.7.1)', ...offer(BITS_PROTOCOL_GUID), ...chosen },
    { name: 'GUIDs compare case-insensitively (§2.2.2)', ...offer(UPPER), ...chosen },
    {
      name: 'a space-separated list: the known GUID is found after an unknown one (§2.2.2)',
      ...offer(`${OTHER} ${UPPER}`),
      ...chosen,
    },
    {
      name: 'a comma-separated list (with spaces) works too (§2.2.2)',
      ...offer(`${OTHER}, ${BITS_PROTOCOL_GUID}`),
      ...chosen,
    },
    {
      name: 'no protocol in common: 400 E_INVALIDARG 0x5 and no session (§3.2.5.2.4)',
      ...offer(OTHER),
      ...noCommon,
      check: ({ bits }) => expect(bits.sessions.size).toBe(0),
    },
    {
      name: 'an unbraced GUID is not the protocol GUID: 400 (§1.7.1 spells it braced)',
      ...offer(BITS_PROTOCOL_GUID.slice(1, -1)),
      ...noCommon,
    },
    {
      name: 'no BITS-Supported-Protocols: 400 E_INVALIDARG (§2.2.2 requires it)',
      type: 'Create-Session',
      ...noCommon,
    },
    {
      name: 'the success Ack says Accept-Encoding: identity (§2.2.3)',
      ...offer(BITS_PROTOCOL_GUID),
      status: 200,
      expect: { 'Accept-Encoding': 'identity' },
    },
  ])
})

describe('session ids ([MC-BUP] §2.2.3, bits-protocol.md Choices)', () => {
  it('are braced upper-case GUIDs, distinct per Create-Session, and live in bits.sessions', async () => {
    const bits = start()
    const ids = [await openSession('a'), await openSession('a'), await openSession('b')]
    for (const id of ids) expect(id).toMatch(BRACED_GUID)
    expect(new Set(ids).size).toBe(3)
    expect(bits.sessions.list().map((session) => session.id)).toEqual(ids)
    expect(bits.sessions.get(ids[2]!.toLowerCase())?.name).toBe('b')
  })

  it('Content-Name is kept with the session and the upload (§2.2.2)', async () => {
    const bits = start()
    const response = await bitsPost({
      type: 'Create-Session',
      path: 'dumps/1.dmp',
      headers: { 'BITS-Supported-Protocols': BITS_PROTOCOL_GUID, 'Content-Name': 'crash.dmp' },
    })
    const id = response.headers.get('BITS-Session-Id')!
    expect(bits.sessions.get(id)?.contentName).toBe('crash.dmp')
    expect(bits.sessions.get(id)?.name).toBe('dumps/1.dmp')
  })
})

describe('allowOverwrites (W32 BITSAllowOverwrites, [MC-BUP] §3.2.5.2.4)', () => {
  const create = { type: 'Create-Session', headers: { 'BITS-Supported-Protocols': UPPER } }
  testExchanges(start, [
    {
      name: 'false: Create-Session to a name already uploaded gets 403 E_ACCESSDENIED 0x5',
      options: { allowOverwrites: false },
      given: { uploaded: 'file.bin' },
      ...create,
      status: 403,
      expect: { 'BITS-Error-Code': '0x80070005', 'BITS-Error-Context': '0x5' },
      check: ({ bits }) => expect(bits.sessions.size).toBe(0),
    },
    {
      name: 'false: another name is still accepted',
      options: { allowOverwrites: false },
      given: { uploaded: 'other.bin' },
      ...create,
      status: 200,
    },
    {
      name: 'true (the default): the same name may be uploaded again',
      given: { uploaded: 'file.bin' },
      ...create,
      status: 200,
    },
  ])

  it('false holds at commit: of two sessions to one new name, the second Close-Session gets 403', async () => {
    const bits = start({ allowOverwrites: false })
    const first = generateBytes(10, 1)
    const second = generateBytes(10, 2)
    const a = await openSession('new.bin')
    const b = await openSession('new.bin')
    expect((await sendFragment(a, first, 0, 9, 'new.bin')).status).toBe(200)
    expect((await sendFragment(b, second, 0, 9, 'new.bin')).status).toBe(200)
    expect((await bitsPost({ type: 'Close-Session', path: 'new.bin', sessionId: a })).status).toBe(
      200,
    )
    const refused = await bitsPost({ type: 'Close-Session', path: 'new.bin', sessionId: b })
    expect(refused.status).toBe(403)
    expect(refused.headers.get('BITS-Error-Code')).toBe('0x80070005')
    expect(bits.uploads.get('new.bin')?.bytes).toEqual(first)
    expect(bits.sessions.get(b)).toBeUndefined()
  })

  it('true: the second upload at a name replaces the first in uploads.get', async () => {
    const bits = start()
    const first = generateBytes(10, 1)
    const second = generateBytes(20, 2)
    await completeUpload('same.bin', first)
    const secondSession = await completeUpload('same.bin', second)
    expect(bits.uploads.get('same.bin')?.bytes).toEqual(second)
    expect(bits.uploads.get('same.bin')?.sessionId).toBe(secondSession)
    // Only the last upload per name is kept, as the file on an IIS server (issue 12: no growth).
    expect(bits.uploads.list().map((upload) => upload.size)).toEqual([20])
    expect(bits.uploads.size).toBe(1)
  })
})
