import { BITS_PROTOCOL_GUID } from '../../../src/index.js'

/** Sends of one packet before a 5xx is final. */
const MAX_TRIES = 5

/** One request as a client library sends it; the answer's status and headers (lower-case names). */
export type Send = (
  url: string,
  headers: Record<string, string>,
  body: Uint8Array | null,
) => Promise<{ status: number; headers: Record<string, string> }>

/**
 * The plain BITS upload every client in the matrix performs with its own HTTP stack:
 * Create-Session, Fragments of `fragmentSize` bytes from the offset the server acknowledged,
 * Close-Session. Content-Length is always explicit, as the spec requires; a 5xx is resent.
 */
export async function uploadWith(
  send: Send,
  url: string,
  data: Uint8Array,
  fragmentSize: number,
): Promise<string> {
  const packet = async (
    type: string,
    extra: Record<string, string> = {},
    body: Uint8Array | null = null,
  ) => {
    const headers = {
      'BITS-Packet-Type': type,
      'Content-Length': String(body?.byteLength ?? 0),
      ...extra,
    }
    // A 5xx is transient (bits-protocol.md §4): the same packet is resent, a few times.
    let answer = await send(url, headers, body)
    for (let tries = 1; answer.status >= 500 && tries < MAX_TRIES; tries++) {
      answer = await send(url, headers, body)
    }
    return answer
  }
  const created = await packet('Create-Session', { 'BITS-Supported-Protocols': BITS_PROTOCOL_GUID })
  if (created.status !== 200) throw new Error(`Create-Session answered ${created.status}`)
  const sessionId = created.headers['bits-session-id']!
  let offset = 0
  while (offset < data.byteLength) {
    const last = Math.min(offset + fragmentSize, data.byteLength) - 1
    const ack = await packet(
      'Fragment',
      {
        'BITS-Session-Id': sessionId,
        'Content-Range': `bytes ${offset}-${last}/${data.byteLength}`,
      },
      data.subarray(offset, last + 1),
    )
    if (ack.status !== 200) throw new Error(`Fragment at ${offset} answered ${ack.status}`)
    offset = Number(ack.headers['bits-received-content-range'])
  }
  const closed = await packet('Close-Session', { 'BITS-Session-Id': sessionId })
  if (closed.status !== 200) throw new Error(`Close-Session answered ${closed.status}`)
  return sessionId
}
