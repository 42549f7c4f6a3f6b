import { describe, expect, it } from 'vitest'
import type { Upload } from '../../src/index.js'
import { BitsClientError, uploadBits } from '../support/bits-client.js'
import { BASE_URL, useBitsServer } from '../support/msw.js'
import { bitsPost, openSession, sendFragment } from '../support/packets.js'
import { generateBytes, sha256Hex } from '../support/payloads.js'

const { start } = useBitsServer()
const URL_OF_FILE = `${BASE_URL}/file.bin`
const receipt = (upload: Upload) => `received ${upload.size} bytes, sha256 ${upload.sha256}`

describe('upload-reply ([MC-BUP] §3.2.5.2.6, §4.2)', () => {
  it('only the last fragment’s Ack carries BITS-Reply-URL, and GET serves the reply (§3.2.5.2.6)', async () => {
    start({ reply: receipt })
    const data = generateBytes(300)
    const sessionId = await openSession()
    const first = await sendFragment(sessionId, data, 0, 199)
    expect(first.headers.get('BITS-Reply-URL')).toBeNull()
    const last = await sendFragment(sessionId, data, 200, 299)
    const replyUrl = last.headers.get('BITS-Reply-URL')
    expect(replyUrl).toMatch(/^https:\/\/bits\.example\.test\/uploads\/BITS-Sessions\/Replies\//)
    const reply = await fetch(new URL(replyUrl!, URL_OF_FILE))
    expect(reply.status).toBe(200)
    expect(await reply.text()).toBe(`received 300 bytes, sha256 ${sha256Hex(data)}`)
  })

  it('the reply function sees the completed upload, bytes included', async () => {
    const seen: Upload[] = []
    start({
      reply: (upload) => {
        seen.push(upload)
        return 'ok'
      },
    })
    const data = generateBytes(100)
    const sessionId = await openSession('in/x.bin')
    await sendFragment(sessionId, data, 0, 99, 'in/x.bin')
    expect(seen).toHaveLength(1)
    expect(seen[0]).toMatchObject({ name: 'in/x.bin', sessionId, size: 100, bytes: data })
  })

  it('a resent last fragment (its Ack lost) gets the same reply URL; the application runs once', async () => {
    let calls = 0
    start({ reply: () => `reply ${++calls}` })
    const data = generateBytes(100)
    const sessionId = await openSession()
    const first = await sendFragment(sessionId, data, 0, 99)
    const again = await sendFragment(sessionId, data, 0, 99)
    expect(again.status).toBe(200)
    expect(again.headers.get('BITS-Reply-URL')).toBe(first.headers.get('BITS-Reply-URL'))
    expect(calls).toBe(1)
    const reply = await fetch(new URL(again.headers.get('BITS-Reply-URL')!, URL_OF_FILE))
    expect(await reply.text()).toBe('reply 1')
  })

  it.each([304, 201])(
    'a reply Response with status %i is the application’s error: context 0x7, no BITS-Reply-URL (W32 "Handling Server Application Errors")',
    async (status) => {
      start({ reply: () => new Response(null, { status }) })
      const sessionId = await openSession()
      const last = await sendFragment(sessionId, generateBytes(10), 0, 9)
      expect(last.status).toBe(status < 300 ? 500 : status)
      expect(last.headers.get('BITS-Error-Context')).toBe('0x7')
      expect(last.headers.get('BITS-Reply-URL')).toBeNull()
    },
  )

  it('a reply body that fails mid-stream answers 500 E_FAIL 0x7; the server never rejects', async () => {
    const failing = new ReadableStream({
      start(controller) {
        controller.enqueue(new Uint8Array([1, 2, 3]))
        controller.error(new Error('disk went away'))
      },
    })
    start({ reply: () => new Response(failing) })
    const sessionId = await openSession()
    const last = await sendFragment(sessionId, generateBytes(10), 0, 9)
    expect(last.status).toBe(500)
    expect(last.headers.get('BITS-Error-Code')).toBe('0x80004005')
    expect(last.headers.get('BITS-Error-Context')).toBe('0x7')
    expect(last.headers.get('BITS-Reply-URL')).toBeNull()
  })

  it('GET with Range answers 206 with Content-Range and those bytes (RFC 9110 §14, §4.2 trace)', async () => {
    const body = new TextEncoder().encode('0123456789abcdef')
    start({ reply: () => body })
    const sessionId = await openSession()
    const last = await sendFragment(sessionId, generateBytes(10), 0, 9)
    const replyUrl = last.headers.get('BITS-Reply-URL')!
    const ranged = await fetch(replyUrl, { headers: { Range: 'bytes=4-9' } })
    expect(ranged.status).toBe(206)
    expect(ranged.headers.get('Content-Range')).toBe('bytes 4-9/16')
    expect(await ranged.text()).toBe('456789')
    const beyond = await fetch(replyUrl, { headers: { Range: 'bytes=99-' } })
    expect(beyond.status).toBe(416)
    expect(beyond.headers.get('Content-Range')).toBe('bytes */16')
  })

  it('a reply function that throws: 500 with context 0x7, the server application failed (§3.2.5.2.6)', async () => {
    const bits = start({
      reply: () => {
        throw new Error('virus scanner offline')
      },
    })
    const sessionId = await openSession()
    const last = await sendFragment(sessionId, generateBytes(10), 0, 9)
    expect(last.status).toBe(500)
    expect(last.headers.get('BITS-Error-Context')).toBe('0x7')
    expect(last.headers.get('BITS-Error-Code')).toBe('0x80004005')
    expect(last.headers.get('BITS-Reply-URL')).toBeNull()
    // §2.2.7.2: the Fragment Ack says where the server stands, even on the application's error.
    expect(last.headers.get('BITS-Received-Content-Range')).toBe('10')
    expect(bits.journal.last()).toMatchObject({ status: 500, errorContext: 7 })
  })

  it('a reply Response with status 403 becomes a 403 Ack with context 0x7 and BG_E_HTTP_ERROR_403', async () => {
    start({ reply: () => new Response('no', { status: 403 }) })
    const sessionId = await openSession()
    const last = await sendFragment(sessionId, generateBytes(10), 0, 9)
    expect(last.status).toBe(403)
    expect(last.headers.get('BITS-Error-Context')).toBe('0x7')
    expect(last.headers.get('BITS-Error-Code')).toBe('0x80190193')
  })

  it('the reply is gone after Close-Session: 404', async () => {
    start({ reply: () => 'bye' })
    const sessionId = await openSession()
    const replyUrl = (await sendFragment(sessionId, generateBytes(10), 0, 9)).headers.get(
      'BITS-Reply-URL',
    )!
    await bitsPost({ type: 'Close-Session', sessionId })
    expect((await fetch(replyUrl)).status).toBe(404)
  })
})

describe('upload-reply through the reference client (bits-protocol.md §4 rules 6 and 7)', () => {
  it('downloads the reply before Close-Session (§4.2)', async () => {
    const bits = start({ reply: receipt })
    const data = generateBytes(20_000)
    const result = await uploadBits({ url: URL_OF_FILE, data, fragmentSize: 8192 })
    expect(new TextDecoder().decode(result.reply!)).toBe(
      `received 20000 bytes, sha256 ${sha256Hex(data)}`,
    )
    const order = bits.journal.entries.map((entry) => entry.packet ?? entry.kind)
    expect(order).toEqual([
      'Create-Session',
      'Fragment',
      'Fragment',
      'Fragment',
      'reply',
      'Close-Session',
    ])
  })

  it('retries a 500/0x7 (transient) then gives up with the context in the error (W32 rule 6)', async () => {
    const bits = start({
      reply: () => {
        throw new Error('down')
      },
    })
    const error = await uploadBits({
      url: URL_OF_FILE,
      data: generateBytes(100),
      maxRetries: 2,
      sleep: async () => {},
    }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(BitsClientError)
    expect(error).toMatchObject({ status: 500, errorContext: 7, packet: 'Fragment' })
    expect(bits.journal.count({ packet: 'Fragment' })).toBe(3)
  })

  it('does not retry a 403/0x7 (fatal; 403 stops BITS posting to the application, W32 rule 6)', async () => {
    const bits = start({ reply: () => new Response(null, { status: 403 }) })
    await expect(
      uploadBits({ url: URL_OF_FILE, data: generateBytes(100), sleep: async () => {} }),
    ).rejects.toMatchObject({ status: 403, errorContext: 7 })
    expect(bits.journal.count({ packet: 'Fragment' })).toBe(1)
    expect(bits.journal.count({ packet: 'Close-Session' })).toBe(0)
  })

  it('retries a 409/0x7 (transient 4xx for the application) until the application accepts', async () => {
    let calls = 0
    const bits = start({
      reply: () => (++calls < 3 ? new Response(null, { status: 409 }) : 'third time lucky'),
    })
    const result = await uploadBits({
      url: URL_OF_FILE,
      data: generateBytes(100),
      sleep: async () => {},
    })
    expect(new TextDecoder().decode(result.reply!)).toBe('third time lucky')
    expect(bits.journal.filter({ packet: 'Fragment' }).map((entry) => entry.status)).toEqual([
      409, 409, 200,
    ])
  })
})
