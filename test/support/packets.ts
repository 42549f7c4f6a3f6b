import { BITS_PROTOCOL_GUID } from '../../src/index.js'
import { BASE_URL } from './msw.js'

/** A raw BITS packet, for tests that speak the protocol by hand. */
export interface RawPacket {
  /** `BITS-Packet-Type`; omitted when `undefined`. */
  type?: string
  /** Remote name under {@link BASE_URL}, or an absolute URL. Default `file.bin`. */
  path?: string
  method?: string
  sessionId?: string
  headers?: Record<string, string>
  body?: Uint8Array
}

/** `RequestInit` of one BITS packet, with an explicit Content-Length as BITS clients send. */
export function packetInit(
  type: string | undefined,
  headers: Record<string, string> = {},
  body?: Uint8Array,
  method = 'BITS_POST',
): RequestInit {
  const all: Record<string, string> = { 'Content-Length': String(body?.byteLength ?? 0) }
  if (type !== undefined) all['BITS-Packet-Type'] = type
  return { method, headers: { ...all, ...headers }, body: body as BodyInit | undefined }
}

/** Sends one packet with `fetch` (through MSW): Content-Length always explicit. */
export function bitsPost({
  type,
  path = 'file.bin',
  method = 'BITS_POST',
  sessionId,
  headers = {},
  body,
}: RawPacket): Promise<Response> {
  const session: Record<string, string> =
    sessionId === undefined ? {} : { 'BITS-Session-Id': sessionId }
  return fetch(urlOf(path), packetInit(type, { ...session, ...headers }, body, method))
}

export function urlOf(path: string): string {
  return /^https?:/.test(path) ? path : `${BASE_URL}/${path}`
}

/** Create-Session offering the BITS 1.5 GUID; returns the issued session id. */
export async function openSession(
  path = 'file.bin',
  headers: Record<string, string> = {},
): Promise<string> {
  const response = await bitsPost({
    type: 'Create-Session',
    path,
    headers: { 'BITS-Supported-Protocols': BITS_PROTOCOL_GUID, ...headers },
  })
  const id = response.headers.get('BITS-Session-Id')
  if (response.status !== 200 || id === null) {
    throw new Error(`Failed to open a session: Create-Session answered ${response.status}.`)
  }
  return id
}

/** Sends bytes `first..last` of `data` as one Fragment of a `data.length`-byte upload. */
export function sendFragment(
  sessionId: string,
  data: Uint8Array,
  first: number,
  last: number,
  path = 'file.bin',
): Promise<Response> {
  return bitsPost({
    type: 'Fragment',
    path,
    sessionId,
    headers: { 'Content-Range': `bytes ${first}-${last}/${data.byteLength}` },
    body: data.slice(first, last + 1),
  })
}

/** Close-Session (or another bodiless session packet). */
export function sessionPacket(
  type: 'Close-Session' | 'Cancel-Session' | 'Ping',
  sessionId: string,
  path = 'file.bin',
): Promise<Response> {
  return bitsPost({ type, path, sessionId })
}
