import { BITS_PROTOCOL_GUID } from '../../../src/index.js'
import type { RunningBitsServer } from '../../../src/node/index.js'
import { seededRandom } from '../../../src/shared/random.js'
import { MALFORMED } from '../../node/support/malformed-http.js'
import { header, type RawConnection, rawConnect, rawRequest } from '../../node/support/raw-http.js'
import { rawClose, rawFragment } from '../../node/support/raw-session.js'
import { generateBytes, sha256Hex } from '../../support/payloads.js'

/** What {@link runLoad} does. */
export interface LoadOptions {
  /** Concurrent keep-alive connections, each uploading one payload. */
  connections: number
  /** Bytes each connection uploads. */
  payloadBytes: number
  /** Bytes per Fragment. */
  fragmentBytes: number
  /** Chance, before each Fragment, of a malformed BITS packet on the same connection. */
  malformedChance: number
  /** Chance, per connection, of an extra connection sending malformed HTTP from the corpus. */
  hostileChance: number
  seed: number
}

/** What a load run saw. */
export interface LoadResult {
  /** Uploads whose stored SHA-256 differs from what was sent (or that are missing). */
  corrupted: string[]
  /** Exchanges that did not get the answer they should have. */
  errors: string[]
  /** Malformed BITS packets sent on the upload connections. */
  malformedPackets: number
  /** Extra connections sending malformed HTTP. */
  hostileConnections: number
}

/** BITS packets that are valid HTTP but wrong for BITS: each gets an error Ack, the connection stays. */
const BAD_PACKETS: ((name: string, sessionId: string) => Buffer)[] = [
  (name) =>
    rawRequest('BITS_POST', `/uploads/${name}`, {
      'BITS-Packet-Type': 'Bogus',
      'Content-Length': 0,
    }),
  (name, sessionId) =>
    rawRequest(
      'BITS_POST',
      `/uploads/${name}`,
      {
        'BITS-Packet-Type': 'Fragment',
        'BITS-Session-Id': sessionId,
        'Content-Range': 'bytes 9-3/2',
        'Content-Length': 3,
      },
      'abc',
    ),
  (name) => rawFragment(name, '{00000000-0000-0000-0000-000000000000}', 0, 3, 'abc'),
  (name) =>
    rawRequest('BITS_POST', `/uploads/${name}`, {
      'BITS-Packet-Type': 'Ping',
      'Content-Length': 0,
    }),
]

/**
 * Many clients at once on one loopback server: each opens a keep-alive connection and uploads its
 * own payload in fragments, with malformed BITS packets interleaved at random and, now and then,
 * another connection sending malformed HTTP. Every choice comes from `seed`; every loop is bounded.
 */
export async function runLoad(srv: RunningBitsServer, options: LoadOptions): Promise<LoadResult> {
  const random = seededRandom(options.seed)
  const result: LoadResult = {
    corrupted: [],
    errors: [],
    malformedPackets: 0,
    hostileConnections: 0,
  }
  const plans = Array.from({ length: options.connections }, (_, index) => ({
    index,
    bad: Array.from({ length: Math.ceil(options.payloadBytes / options.fragmentBytes) }, () =>
      random.float() < options.malformedChance
        ? Math.floor(random.float() * BAD_PACKETS.length)
        : -1,
    ),
    hostile:
      random.float() < options.hostileChance
        ? MALFORMED[Math.floor(random.float() * MALFORMED.length)]!
        : null,
  }))

  async function upload(plan: (typeof plans)[number]): Promise<void> {
    const name = `load/${options.seed}-${plan.index}.bin`
    const data = generateBytes(options.payloadBytes, options.seed * 100_003 + plan.index + 1)
    let connection: RawConnection | null = null
    try {
      connection = await rawConnect(srv.url)
      connection.write(
        rawRequest('BITS_POST', `/uploads/${name}`, {
          'BITS-Packet-Type': 'Create-Session',
          'BITS-Supported-Protocols': BITS_PROTOCOL_GUID,
          'Content-Length': 0,
        }),
      )
      const sessionId = header(await connection.next(), 'BITS-Session-Id')!
      let offset = 0
      for (const bad of plan.bad) {
        if (bad >= 0) {
          result.malformedPackets++
          connection.write(BAD_PACKETS[bad]!(name, sessionId))
          await connection.next()
        }
        const end = Math.min(offset + options.fragmentBytes, data.byteLength)
        connection.write(
          rawFragment(name, sessionId, offset, data.byteLength, data.subarray(offset, end)),
        )
        const ack = await connection.next()
        if (ack.status !== 200) throw new Error(`Fragment at ${offset} answered ${ack.status}`)
        offset = Number(header(ack, 'BITS-Received-Content-Range'))
      }
      connection.write(rawClose(name, sessionId))
      const closed = await connection.next()
      if (closed.status !== 200) throw new Error(`Close-Session answered ${closed.status}`)
    } catch (error) {
      result.errors.push(`${name}: ${(error as Error).message}`)
    } finally {
      connection?.end()
    }
    if (srv.bits.uploads.get(name)?.sha256 !== sha256Hex(data)) result.corrupted.push(name)
  }

  async function hostile(bytes: string): Promise<void> {
    result.hostileConnections++
    const connection = await rawConnect(srv.url)
    connection.write(Buffer.from(bytes, 'latin1'))
    await connection.closed
    if (!/HTTP\/1\.1 (400|501) /.test(connection.received().toString('latin1')))
      result.errors.push('malformed HTTP was not refused')
  }

  await Promise.all(
    plans.flatMap((plan) => [upload(plan), ...(plan.hostile ? [hostile(plan.hostile.bytes)] : [])]),
  )
  return result
}
