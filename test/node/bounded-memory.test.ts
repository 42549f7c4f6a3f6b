// Bounded memory by construction (issue 17 item 6): a Fragment the head already answers is never
// read whole, and `Expect: 100-continue` gets that answer instead of 100. Over a raw socket.
import { afterEach, describe, expect, it } from 'vitest'
import { type RunningBitsServer, startBitsServer } from '../../src/node/index.js'
import { header, rawConnect, rawRequest } from './support/raw-http.js'
import { openRawSession } from './support/raw-session.js'

const MiB = 1024 * 1024
let srv: RunningBitsServer | undefined

afterEach(async () => {
  await srv?.close()
  srv = undefined
})

/** A Fragment head for `total` bytes at 0, its body to follow (or not). */
function fragmentHead(name: string, sessionId: string, length: number, extra = {}): Buffer {
  return rawRequest('BITS_POST', `/uploads/${name}`, {
    'BITS-Packet-Type': 'Fragment',
    'BITS-Session-Id': sessionId,
    'Content-Range': `bytes 0-${length - 1}/${length}`,
    'Content-Length': length,
    ...extra,
  })
}

describe('a Fragment checked from its head, before its body ([MC-BUP] §3.2.5.2.3)', () => {
  it('an unknown session gets its Ack after 1 MiB of a 400 MiB body, and the connection closes', async () => {
    srv = await startBitsServer({ port: 0 })
    const connection = await rawConnect(srv.url)
    connection.write(fragmentHead('big.bin', '{00000000-0000-0000-0000-000000000000}', 400 * MiB))
    connection.write(new Uint8Array(MiB))
    const answer = await connection.next()
    expect(answer.status).toBe(500)
    expect(header(answer, 'BITS-Error-Code')).toBe('0x8020001F')
    expect(header(answer, 'Connection')?.toLowerCase()).toBe('close')
    expect(srv.bits.journal.last()).toMatchObject({ packet: 'Fragment', status: 500 })
    connection.end()
  })

  it('a fragment over maxFragmentSize gets 413 without its body', async () => {
    srv = await startBitsServer({ port: 0, maxFragmentSize: MiB })
    const { connection, sessionId } = await openRawSession(srv.url, 'limit.bin')
    connection.write(fragmentHead('limit.bin', sessionId, 64 * MiB))
    const answer = await connection.next()
    expect(answer.status).toBe(413)
    connection.end()
  })

  it('Expect: 100-continue with 1 TB declared for an unknown session gets the final answer, not 100', async () => {
    srv = await startBitsServer({ port: 0 })
    const connection = await rawConnect(srv.url)
    const terabyte = 1024 ** 4
    connection.write(
      fragmentHead('tb.bin', '{00000000-0000-0000-0000-000000000001}', terabyte, {
        Expect: '100-continue',
      }),
    )
    const answer = await connection.next()
    expect(answer.status).toBe(500)
    await connection.closed
    expect(connection.received().toString('latin1')).not.toContain('100 Continue')
  })

  it('Expect: 100-continue on a live session still gets 100, then the Ack', async () => {
    srv = await startBitsServer({ port: 0 })
    const { connection, sessionId } = await openRawSession(srv.url, 'ok.bin')
    connection.write(fragmentHead('ok.bin', sessionId, 4, { Expect: '100-continue' }))
    expect((await connection.next()).status).toBe(100)
    connection.write('abcd')
    const answer = await connection.next()
    expect(answer.status).toBe(200)
    expect(header(answer, 'BITS-Received-Content-Range')).toBe('4')
    connection.end()
  })
})
