import { createHash } from 'node:crypto'
import { http, type RequestHandler } from 'msw'
import { BITS_PROTOCOL_GUID } from '../../../src/index.js'
import { packetInit } from '../../support/packets.js'

/** Where every benchmark request to msw-bits goes; MSW intercepts it in-process. */
export const BASE_URL = 'https://bits.bench.test/uploads'

/**
 * Where the bare handlers answer: a host of the same length outside every BITS server's URL, so
 * their requests skip msw-bits' fetch tunnel as they would in a process without msw-bits. Under
 * `BASE_URL` the tunnel's work (a `POST` in place of each `BITS_POST`) would be counted on both
 * sides and hide what it costs msw-bits.
 */
export const BARE_BASE_URL = 'https://bare.bench.test/uploads'

/** The fixed Ack the baselines answer with. */
export const ACK_HEADERS = { 'BITS-Packet-Type': 'Ack', 'Content-Length': '0' } as const

export const fixedAck = (): Response => new Response(null, { headers: ACK_HEADERS })

/** A bare MSW handler for `url` answering the fixed Ack, as a user would write by hand. */
export function bareAckHandler(url: string): RequestHandler {
  return http.all(url, () => fixedAck())
}

/** Reads a request's body to the end as a stream, chunk by chunk, keeping nothing. */
export async function drainBody(request: Request): Promise<void> {
  if (request.body === null) return
  const reader = request.body.getReader()
  while (!(await reader.read()).done) {}
}

/** The bare Fetch handler every body-reading baseline is: read the body as a stream, fixed Ack. */
export async function bareReading(request: Request): Promise<Response> {
  await drainBody(request)
  return fixedAck()
}

/** A bare MSW handler for `url` that reads the body as a stream and answers the fixed Ack. */
export function bareReadingHandler(url: string): RequestHandler {
  return http.all(url, ({ request }) => bareReading(request))
}

/**
 * A bare Fetch handler that reads the body as a stream, SHA-256es every chunk with node:crypto and
 * answers the fixed Ack: the least a digest store must do with the same bytes. It digests per
 * request, not per upload: one block more per fragment.
 */
export async function bareHashing(request: Request): Promise<Response> {
  if (request.body !== null) {
    const hash = createHash('sha256')
    const reader = request.body.getReader()
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      hash.update(chunk.value)
    }
    hash.digest()
  }
  return fixedAck()
}

/** {@link bareHashing} as a bare MSW handler for `url`. */
export function bareHashingHandler(url: string): RequestHandler {
  return http.all(url, ({ request }) => bareHashing(request))
}

export { packetInit }

export const createSessionInit = (): RequestInit =>
  packetInit('Create-Session', { 'BITS-Supported-Protocols': BITS_PROTOCOL_GUID })

export const fragmentInit = (
  sessionId: string,
  first: number,
  bytes: Uint8Array,
  total: number,
): RequestInit =>
  packetInit(
    'Fragment',
    {
      'BITS-Session-Id': sessionId,
      'Content-Range': `bytes ${first}-${first + bytes.byteLength - 1}/${total}`,
    },
    bytes,
  )

export const closeSessionInit = (sessionId: string): RequestInit =>
  packetInit('Close-Session', { 'BITS-Session-Id': sessionId })

/** Opens a session with `send`, which may be `fetch` or `bits.handle` over a `Request`. */
export async function openSession(
  send: (url: string, init: RequestInit) => Promise<Response>,
  url: string,
): Promise<string> {
  const response = await send(url, createSessionInit())
  const id = response.headers.get('BITS-Session-Id')
  if (response.status !== 200 || id === null) {
    throw new Error(`Failed to open a session: Create-Session answered ${response.status}.`)
  }
  return id
}

/** Fails loudly when a response is not a 200 Ack: a benchmark of errors measures nothing. */
export function expectAck(response: Response, what: string): void {
  if (response.status !== 200 || response.headers.get('BITS-Packet-Type') !== 'Ack') {
    throw new Error(
      `Failed benchmark request (${what}): expected a 200 Ack, got ${response.status} ` +
        `${response.headers.get('BITS-Error-Code') ?? ''}`,
    )
  }
}
