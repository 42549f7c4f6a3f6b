import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { BITS_PROTOCOL_GUID, BitsUsageError } from '../../src/index.js'
import { type RunningBitsServer, startBitsServer } from '../../src/node/index.js'
import { header, type RawConnection, rawConnect, rawRequest } from './support/raw-http.js'

let srv: RunningBitsServer
beforeEach(async () => {
  srv = await startBitsServer({ port: 0 })
})
afterEach(() => srv.close())

const path = '/uploads/a.bin'
const create = rawRequest('BITS_POST', path, {
  'BITS-Packet-Type': 'Create-Session',
  'BITS-Supported-Protocols': BITS_PROTOCOL_GUID,
  'Content-Length': 0,
})
const ping = rawRequest('BITS_POST', path, { 'BITS-Packet-Type': 'Ping', 'Content-Length': 0 })

/** A raw Fragment on `path`: its range, extra headers (Content-Length among them) and body bytes. */
const fragment = (
  sessionId: string,
  range: string,
  headers: Record<string, string | number> = {},
  body = '',
) =>
  rawRequest(
    'BITS_POST',
    path,
    {
      'BITS-Packet-Type': 'Fragment',
      'BITS-Session-Id': sessionId,
      'Content-Range': range,
      ...headers,
    },
    body,
  )

async function openSession() {
  const connection = await rawConnect(srv.url)
  connection.write(create)
  const sessionId = header(await connection.next(), 'BITS-Session-Id')!
  return { connection, sessionId }
}

describe('the loopback server over HTTP/1.1', () => {
  it('answers like IIS: its header spelling, reason phrase, Date and Server', async () => {
    const { connection, sessionId } = await openSession()
    connection.write(fragment(sessionId, 'bytes 10-14/20', { 'Content-Length': 5 }, 'abcde'))
    const gap = await connection.next()
    expect(gap.status).toBe(416)
    expect(gap.reason).toBe('Requested Range Not Satisfiable')
    const names = gap.headers.map(([name]) => name)
    expect(names).toEqual(
      expect.arrayContaining([
        'Date',
        'Server',
        'BITS-Packet-Type',
        'BITS-Received-Content-Range',
        'BITS-Error-Code',
        'BITS-Error-Context',
        'Content-Length',
      ]),
    )
    expect(header(gap, 'Server')).toBe('Microsoft-IIS/10.0')
    expect(new Date(header(gap, 'Date')!).getTime()).not.toBeNaN()
    connection.end()
  })

  it('keeps the connection alive and answers pipelined requests in order', async () => {
    const connection = await rawConnect(srv.url)
    connection.write(Buffer.concat([create, ping, create, ping]))
    const answers = [
      await connection.next(),
      await connection.next(),
      await connection.next(),
      await connection.next(),
    ]
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200])
    expect(answers.map((answer) => header(answer, 'BITS-Session-Id') !== undefined)).toEqual([
      true,
      false,
      true,
      false,
    ])
    expect(srv.bits.journal.entries.map((entry) => entry.packet)).toEqual([
      'Create-Session',
      'Ping',
      'Create-Session',
      'Ping',
    ])
    connection.end()
  })

  it('serves thousands of requests on one keep-alive connection (each head counted on its own)', async () => {
    const connection = await rawConnect(srv.url)
    const count = 2000
    connection.write(Buffer.concat(Array.from({ length: count }, () => ping)))
    const statuses = new Set<number>()
    for (let i = 0; i < count; i++) statuses.add((await connection.next()).status)
    expect([...statuses]).toEqual([200])
    connection.end()
  })

  it('answers Expect: 100-continue before the body, then takes the fragment', async () => {
    const { connection, sessionId } = await openSession()
    connection.write(
      fragment(sessionId, 'bytes 0-4/5', { 'Content-Length': 5, Expect: '100-continue' }),
    )
    expect((await connection.next()).status).toBe(100)
    connection.write('hello')
    const done = await connection.next()
    expect(done.status).toBe(200)
    expect(header(done, 'BITS-Received-Content-Range')).toBe('5')
    connection.end()
  })

  it('takes a chunked fragment and checks its length against Content-Range', async () => {
    const { connection, sessionId } = await openSession()
    const chunked = (body: string) =>
      fragment(sessionId, 'bytes 0-4/5', { 'Transfer-Encoding': 'chunked' }, body)
    connection.write(chunked('3\r\nhel\r\n0\r\n\r\n'))
    expect((await connection.next()).status).toBe(400)
    connection.write(chunked('3\r\nhel\r\n2\r\nlo\r\n0\r\n\r\n'))
    const ok = await connection.next()
    expect(ok.status).toBe(200)
    expect(header(ok, 'BITS-Received-Content-Range')).toBe('5')
    connection.end()
  })

  it('answers a Fragment without Content-Length 400 E_INVALIDARG; every packet and 411 when chosen', async () => {
    const { connection, sessionId } = await openSession()
    connection.write(fragment(sessionId, 'bytes 0-4/5'))
    const refused = await connection.next()
    expect(refused.status).toBe(400)
    expect(header(refused, 'BITS-Error-Code')).toBe('0x80070057')
    // Refused by the host before BITS sees it, yet journaled like any answer.
    expect(srv.bits.journal.last()).toMatchObject({
      packet: 'Fragment',
      sessionId,
      status: 400,
      errorCode: 0x80070057,
    })
    // A bodiless packet is taken with the empty body RFC 9112 gives it (fetch sends no length).
    const noLength = rawRequest('BITS_POST', path, { 'BITS-Packet-Type': 'Ping' })
    connection.write(noLength)
    expect((await connection.next()).status).toBe(200)
    connection.end()

    const strict = await startBitsServer({
      port: 0,
      missingContentLengthStatus: 411,
      strictContentLength: true,
    })
    const other = await rawConnect(strict.url)
    other.write(noLength)
    const lengthRequired = await other.next()
    expect([lengthRequired.status, lengthRequired.reason]).toEqual([411, 'Length Required'])
    expect(header(lengthRequired, 'BITS-Packet-Type')).toBe('Ack')
    other.end()
    await strict.close()
  })

  it('answers bytes that are not HTTP with 400 and closes, and keeps serving others', async () => {
    const bad = await rawConnect(srv.url)
    bad.write('BITS POST /uploads/a HTTP/1.1\r\n\r\n')
    const refused = await bad.next()
    expect(refused.status).toBe(400)
    expect(header(refused, 'Server')).toBe('Microsoft-HTTPAPI/2.0')
    await bad.closed
    const good = await rawConnect(srv.url)
    good.write(ping)
    expect((await good.next()).status).toBe(200)
    good.end()
  })

  it('closes after the answer when the client asks (Connection: close, HTTP/1.0)', async () => {
    const connection = await rawConnect(srv.url)
    connection.write(
      rawRequest('BITS_POST', path, {
        'BITS-Packet-Type': 'Ping',
        'Content-Length': 0,
        Connection: 'close',
      }),
    )
    const answer = await connection.next()
    expect(header(answer, 'Connection')).toBe('close')
    await connection.closed
  })

  it.each([
    [
      'reset',
      'RST: the client sees ECONNRESET',
      (c: RawConnection) => expect(c.error()).toBe('ECONNRESET'),
    ],
    [
      'network-error',
      'FIN with no answer',
      (c: RawConnection) => expect(c.received().byteLength).toBe(0),
    ],
    [
      'garbage',
      'bytes that are not HTTP, then FIN',
      (c: RawConnection) =>
        expect(c.received().subarray(0, 3)).toEqual(Buffer.from([0, 0xff, 0xfe])),
    ],
  ] as const)('transport effect %s: %s', async (effect, _what, check) => {
    srv.bits.faults.use({ rules: [{ packet: 'Ping', effect }] })
    const connection = await rawConnect(srv.url)
    connection.write(ping)
    await connection.closed
    check(connection)
    expect(srv.bits.journal.last()?.fault).not.toBeNull()
  })

  it('truncate at the default timing ("before"): FIN, no answer; the Fragment is lost (README table)', async () => {
    srv.bits.faults.use({ rules: [{ packet: 'Fragment', effect: 'truncate' }] })
    const { connection, sessionId } = await openSession()
    const ackBytes = connection.received().length
    connection.write(fragment(sessionId, 'bytes 0-4/10', { 'Content-Length': 5 }, 'abcde'))
    await connection.closed
    expect(connection.received().length).toBe(ackBytes)
    expect(srv.bits.sessions.get(sessionId)?.received).toBe(0)
  })

  it('truncate with "timing": "after": the Fragment lands, its Ack is cut short (README table)', async () => {
    srv.bits.faults.use({ rules: [{ packet: 'Fragment', effect: 'truncate', timing: 'after' }] })
    const { connection, sessionId } = await openSession()
    connection.write(fragment(sessionId, 'bytes 0-4/10', { 'Content-Length': 5 }, 'abcde'))
    await connection.closed
    const answers = connection.received().toString('latin1').split('HTTP/1.1 ')
    expect(answers).toHaveLength(3) // before the first, the Create-Session Ack, the cut one
    expect(answers[2]).toMatch(/^200 OK\r\n/)
    expect(answers[2]).not.toContain('\r\n\r\n')
    expect(srv.bits.sessions.get(sessionId)?.received).toBe(5)
  })
})

describe('startBitsServer options', () => {
  it('refuses a baseUrl under the control API, and bad listen options, naming the field', async () => {
    await expect(startBitsServer({ baseUrl: 'http://127.0.0.1/__bits/up' })).rejects.toThrow(
      /"baseUrl".*__bits/,
    )
    await expect(startBitsServer({ port: -1 })).rejects.toThrow(BitsUsageError)
    await expect(startBitsServer({ port: 0, maxUploadSize: -5 })).rejects.toThrow(/maxUploadSize/)
  })

  it('takes a baseUrl that is a path alone, as the README gives it, and serves uploads there', async () => {
    const files = await startBitsServer({ port: 0, baseUrl: '/files' })
    try {
      expect(files.url).toBe(`http://127.0.0.1:${files.port}/files`)
      const connection = await rawConnect(files.url)
      connection.write(
        rawRequest('BITS_POST', '/files/a.bin', {
          'BITS-Packet-Type': 'Create-Session',
          'BITS-Supported-Protocols': BITS_PROTOCOL_GUID,
          'Content-Length': 0,
        }),
      )
      const created = await connection.next()
      expect(created.status).toBe(200)
      expect(header(created, 'BITS-Packet-Type')).toBe('Ack')
      connection.end()
    } finally {
      await files.close()
    }
    // Not a path: a protocol-relative URL names a host, and is refused as it is no URL.
    await expect(startBitsServer({ baseUrl: '//elsewhere.test/files' })).rejects.toThrow(
      /"baseUrl"/,
    )
  })

  it('reports the real port in url', () => {
    expect(srv.url).toBe(`http://127.0.0.1:${srv.port}/uploads`)
    expect(srv.port).toBeGreaterThan(0)
  })
})

describe('connections that end or stall', () => {
  it('closes without an answer when the client ends before the body is complete', async () => {
    const { connection, sessionId } = await openSession()
    connection.write(fragment(sessionId, 'bytes 0-9/10', { 'Content-Length': 10 }, 'abc'))
    connection.end()
    await connection.closed
    expect(srv.bits.sessions.get(sessionId)?.received).toBe(0)
  })

  it('never answers a hang, and close() ends the connection', async () => {
    srv.bits.faults.use({ rules: [{ packet: 'Ping', effect: 'hang' }] })
    const connection = await rawConnect(srv.url)
    connection.write(ping)
    const answer = connection.next().catch(() => 'closed without an answer')
    await new Promise((resolve) => setTimeout(resolve, 50))
    await srv.close()
    expect(await answer).toBe('closed without an answer')
  })

  it('answers HEAD with the headers only', async () => {
    const connection = await rawConnect(srv.url)
    connection.write(rawRequest('HEAD', '/__bits/health', { Connection: 'close' }))
    await connection.closed
    const wire = connection.received().toString('latin1')
    expect(wire).toMatch(/^HTTP\/1\.1 200 OK\r\n/)
    expect(wire).toMatch(/\r\nContent-Length: [1-9]\d*\r\n/)
    expect(wire.endsWith('\r\n\r\n')).toBe(true)
  })
})
