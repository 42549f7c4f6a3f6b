import { BITS_PROTOCOL_GUID } from '../../../src/index.js'
import { header, type RawConnection, rawConnect, rawRequest } from './raw-http.js'

/** A raw connection with a session created on it for `/uploads/<name>`. */
export async function openRawSession(
  url: string,
  name: string,
): Promise<{ connection: RawConnection; sessionId: string }> {
  const connection = await rawConnect(url)
  connection.write(
    rawRequest('BITS_POST', `/uploads/${name}`, {
      'BITS-Packet-Type': 'Create-Session',
      'BITS-Supported-Protocols': BITS_PROTOCOL_GUID,
      'Content-Length': 0,
    }),
  )
  const sessionId = header(await connection.next(), 'BITS-Session-Id')
  if (sessionId === undefined) throw new Error('Create-Session gave no session id')
  return { connection, sessionId }
}

/** A Fragment of `body` at `first` of a `total`-byte upload; `headers` add to or replace its own. */
export function rawFragment(
  name: string,
  sessionId: string,
  first: number,
  total: number,
  body: Uint8Array | string,
  headers: Record<string, string | number> = {},
): Buffer {
  const length = typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength
  return rawRequest(
    'BITS_POST',
    `/uploads/${name}`,
    {
      'BITS-Packet-Type': 'Fragment',
      'BITS-Session-Id': sessionId,
      'Content-Range': `bytes ${first}-${first + length - 1}/${total}`,
      'Content-Length': length,
      ...headers,
    },
    body,
  )
}

/** A Close-Session for `sessionId`. */
export function rawClose(name: string, sessionId: string): Buffer {
  return rawRequest('BITS_POST', `/uploads/${name}`, {
    'BITS-Packet-Type': 'Close-Session',
    'BITS-Session-Id': sessionId,
    'Content-Length': 0,
  })
}
