import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { BITS_PROTOCOL_GUID, checkClientRules } from '../../src/index.js'
import { completeUpload, testExchanges } from '../support/exchange.js'
import { useBitsServer } from '../support/msw.js'
import { bitsPost, openSession, sendFragment } from '../support/packets.js'
import { generateBytes } from '../support/payloads.js'

const { start } = useBitsServer()
const NEVER_ISSUED = '{A0FF5911-4144-45B3-BF27-27AFC8EC8A67}'

describe('Close-Session ([MC-BUP] §2.2.8, §2.2.9, §3.2.5.2.7)', () => {
  it('commits a complete upload under its remote name and frees the session', async () => {
    const bits = start()
    const data = generateBytes(5000)
    const created = await bitsPost({
      type: 'Create-Session',
      path: 'logs/app.log',
      headers: { 'BITS-Supported-Protocols': BITS_PROTOCOL_GUID, 'Content-Name': 'app.log' },
    })
    const sessionId = created.headers.get('BITS-Session-Id')!
    expect((await sendFragment(sessionId, data, 0, 4999, 'logs/app.log')).status).toBe(200)
    expect(bits.uploads.get('logs/app.log')).toBeUndefined()
    const closed = await bitsPost({ type: 'Close-Session', path: 'logs/app.log', sessionId })
    expect(closed.status).toBe(200)
    expect(closed.headers.get('BITS-Session-Id')).toBe(sessionId)
    expect(bits.uploads.get('logs/app.log')).toMatchObject({
      name: 'logs/app.log',
      sessionId,
      contentName: 'app.log',
      size: 5000,
      sha256: createHash('sha256').update(data).digest('hex'),
      bytes: data,
    })
    expect(bits.sessions.get(sessionId)).toBeUndefined()
  })

  it('before the last byte discards the partial upload: no partial uploads (§3.2.5.2.7)', async () => {
    const bits = start()
    const data = generateBytes(5000)
    const sessionId = await openSession()
    expect((await sendFragment(sessionId, data, 0, 2999)).status).toBe(200)
    expect((await bitsPost({ type: 'Close-Session', sessionId })).status).toBe(200)
    expect(bits.uploads.get('file.bin')).toBeUndefined()
    expect(bits.uploads.size).toBe(0)
    expect(bits.sessions.size).toBe(0)
  })

  it('without any Fragment commits an empty file, as the Windows client uploads 0 bytes (§2.2.6)', async () => {
    // No Content-Range describes zero bytes (last ≥ first), so BITS sends no Fragment at all.
    const bits = start()
    const sessionId = await openSession('empty.txt')
    const closed = await bitsPost({ type: 'Close-Session', path: 'empty.txt', sessionId })
    expect(closed.status).toBe(200)
    expect(bits.uploads.get('empty.txt')).toMatchObject({
      name: 'empty.txt',
      sessionId,
      size: 0,
      sha256: createHash('sha256').digest('hex'),
    })
    expect(bits.uploads.get('empty.txt')?.bytes?.byteLength).toBe(0)
    expect(bits.sessions.size).toBe(0)
    expect(checkClientRules(bits)).toEqual([])
  })

  it('a Cancel-Session without any Fragment commits nothing', async () => {
    const bits = start()
    const sessionId = await openSession('empty.txt')
    expect((await bitsPost({ type: 'Cancel-Session', path: 'empty.txt', sessionId })).status).toBe(
      200,
    )
    expect(bits.uploads.size).toBe(0)
  })

  it('a second Close-Session of the same session gets BG_E_SESSION_NOT_FOUND: it was freed', async () => {
    start()
    const sessionId = await completeUpload('file.bin', generateBytes(10))
    const again = await bitsPost({ type: 'Close-Session', sessionId })
    expect(again.status).toBe(500)
    expect(again.headers.get('BITS-Error-Code')).toBe('0x8020001F')
  })
})

describe('Cancel-Session ([MC-BUP] §2.2.10, §2.2.11)', () => {
  it('discards a partial upload and frees the session; later packets get BG_E_SESSION_NOT_FOUND', async () => {
    const bits = start()
    const data = generateBytes(5000)
    const sessionId = await openSession()
    expect((await sendFragment(sessionId, data, 0, 2999)).status).toBe(200)
    const cancelled = await bitsPost({ type: 'Cancel-Session', sessionId })
    expect(cancelled.status).toBe(200)
    expect(cancelled.headers.get('BITS-Session-Id')).toBe(sessionId)
    expect(bits.sessions.size).toBe(0)
    const late = await sendFragment(sessionId, data, 3000, 4999)
    expect(late.status).toBe(500)
    expect(late.headers.get('BITS-Error-Code')).toBe('0x8020001F')
    expect(bits.uploads.size).toBe(0)
  })

  it('after the last fragment it has no effect on the upload, but drops the reply (§2.2.10)', async () => {
    const bits = start({ reply: () => 'receipt' })
    const data = generateBytes(64)
    const sessionId = await openSession()
    const last = await sendFragment(sessionId, data, 0, 63)
    const replyUrl = last.headers.get('BITS-Reply-URL')!
    expect((await fetch(replyUrl)).status).toBe(200)
    expect((await bitsPost({ type: 'Cancel-Session', sessionId })).status).toBe(200)
    expect(bits.uploads.get('file.bin')?.bytes).toEqual(data)
    expect((await fetch(replyUrl)).status).toBe(404)
  })
})

describe('unknown sessions: 500 BG_E_SESSION_NOT_FOUND 0x5 ([MC-BUP] §3.2.5.2.3)', () => {
  const notFound = {
    status: 500,
    expect: {
      'BITS-Error-Code': '0x8020001F',
      'BITS-Error': '0x8020001F',
      'BITS-Error-Context': '0x5',
      'BITS-Session-Id': NEVER_ISSUED,
    },
  }
  testExchanges(start, [
    {
      name: 'Fragment naming a session never issued',
      type: 'Fragment',
      headers: { 'BITS-Session-Id': NEVER_ISSUED, 'Content-Range': 'bytes 0-3/4' },
      body: 4,
      ...notFound,
    },
    {
      name: 'Close-Session naming a session never issued',
      type: 'Close-Session',
      headers: { 'BITS-Session-Id': NEVER_ISSUED },
      ...notFound,
    },
    {
      name: 'Cancel-Session naming a session never issued',
      type: 'Cancel-Session',
      headers: { 'BITS-Session-Id': NEVER_ISSUED },
      ...notFound,
    },
    {
      name: 'a live session on another server is unknown here too (ids are not guessable)',
      given: { session: {} },
      type: 'Close-Session',
      headers: { 'BITS-Session-Id': NEVER_ISSUED },
      ...notFound,
      check: ({ bits }) => expect(bits.sessions.size).toBe(1),
    },
  ])

  it('session ids compare case-insensitively: a lower-cased id still finds its session', async () => {
    const bits = start()
    const data = generateBytes(10)
    const sessionId = await openSession()
    const response = await sendFragment(sessionId.toLowerCase(), data, 0, 9)
    expect(response.status).toBe(200)
    expect(bits.sessions.get(sessionId)?.received).toBe(10)
  })
})
