// The OneDrive dialect (issue 12): a real OneDrive BITS client aborts on a 200 to Create-Session
// and fails on a Close-Session Ack without X-Resource-Id.
import { describe, expect, it } from 'vitest'
import { BITS_PROTOCOL_GUID, BitsUsageError, createBitsServer } from '../../src/index.js'
import { BASE_URL, useBitsServer } from '../support/msw.js'
import { generateBytes } from '../support/payloads.js'

const { start } = useBitsServer()

/** One packet as OneDrive clients send it: plain POST, the BITS method in the override header. */
function oneDrivePost(type: string, headers: Record<string, string> = {}, body?: Uint8Array) {
  return fetch(`${BASE_URL}/Documents/report.pdf`, {
    method: 'POST',
    headers: {
      'X-Http-Method-Override': 'BITS_POST',
      'BITS-Packet-Type': type,
      'Content-Length': String(body?.byteLength ?? 0),
      ...headers,
    },
    body: body as BodyInit | undefined,
  })
}

describe("dialect: 'onedrive'", () => {
  it('answers Create-Session 201, accepts the override POST, and names the item on Close-Session', async () => {
    const bits = start({ dialect: 'onedrive' })
    const created = await oneDrivePost('Create-Session', {
      'BITS-Supported-Protocols': BITS_PROTOCOL_GUID,
    })
    expect(created.status).toBe(201)
    const sessionId = created.headers.get('BITS-Session-Id')!
    const data = generateBytes(300)
    const fragment = await oneDrivePost(
      'Fragment',
      { 'BITS-Session-Id': sessionId, 'Content-Range': 'bytes 0-299/300' },
      data,
    )
    expect(fragment.status).toBe(200)
    const closed = await oneDrivePost('Close-Session', { 'BITS-Session-Id': sessionId })
    expect(closed.status).toBe(200)
    expect(closed.headers.get('X-Resource-Id')).toMatch(/^[0-9A-F]{16}!1$/)
    expect(bits.uploads.get('Documents/report.pdf')?.size).toBe(300)
  })

  it('leaves IIS answers alone by default: 200 to Create-Session, no X-Resource-Id', async () => {
    start()
    const created = await oneDrivePost('Create-Session', {
      'BITS-Supported-Protocols': BITS_PROTOCOL_GUID,
    })
    expect(created.status).toBe(200)
    const sessionId = created.headers.get('BITS-Session-Id')!
    const closed = await oneDrivePost('Close-Session', { 'BITS-Session-Id': sessionId })
    expect(closed.headers.get('X-Resource-Id')).toBeNull()
  })

  it('keeps an explicit createSessionStatus', async () => {
    start({ dialect: 'onedrive', createSessionStatus: 200 })
    const created = await oneDrivePost('Create-Session', {
      'BITS-Supported-Protocols': BITS_PROTOCOL_GUID,
    })
    expect(created.status).toBe(200)
  })

  it('refuses an unknown dialect, naming the field', () => {
    expect(() => createBitsServer({ baseUrl: BASE_URL, dialect: 'sharepoint' as never })).toThrow(
      BitsUsageError,
    )
    expect(() => createBitsServer({ baseUrl: BASE_URL, dialect: 'sharepoint' as never })).toThrow(
      /"dialect"/,
    )
  })
})

describe('a rule with headers and no respond', () => {
  it("adds them to the server's own Ack, which still goes out", async () => {
    const bits = start({
      faults: {
        rules: [
          {
            name: 'item id',
            packet: 'Close-Session',
            timing: 'after',
            times: 'always',
            headers: { 'X-Resource-Id': 'ABC!7' },
          },
        ],
      },
    })
    const created = await oneDrivePost('Create-Session', {
      'BITS-Supported-Protocols': BITS_PROTOCOL_GUID,
    })
    const sessionId = created.headers.get('BITS-Session-Id')!
    const closed = await oneDrivePost('Close-Session', { 'BITS-Session-Id': sessionId })
    expect(closed.status).toBe(200)
    expect(closed.headers.get('BITS-Packet-Type')).toBe('Ack')
    expect(closed.headers.get('BITS-Session-Id')).toBe(sessionId)
    expect(closed.headers.get('X-Resource-Id')).toBe('ABC!7')
    expect(bits.uploads.get('Documents/report.pdf')?.size).toBe(0)
    expect(bits.journal.last()?.fault).toMatchObject({
      rule: 'item id',
      action: 'add X-Resource-Id',
    })
  })

  it('is refused beside respond, naming the field', () => {
    const bits = createBitsServer({ baseUrl: BASE_URL })
    expect(() =>
      bits.faults.use({ rules: [{ headers: { 'X-A': '1' }, respond: { status: 503 } }] }),
    ).toThrow(/plan\.rules\[0\]\.headers: headers adds to the server's own Ack/)
  })
})
