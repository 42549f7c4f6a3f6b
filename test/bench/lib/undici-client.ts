import { type Dispatcher, request } from 'undici'
import { BITS_PROTOCOL_GUID } from '../../../src/index.js'
import { type GeneratedUpload, MiB } from './payload.js'

/** How an upload is sent: the BITS method, or POST for a plain HTTP server, with or without a session. */
export interface UploadWay {
  method: 'BITS_POST' | 'POST'
  /** Wrap the Fragments in Create-Session and Close-Session. */
  session: boolean
  /** Called after each Fragment's Ack. */
  onFragment?: () => void
}

/** One request through undici, its body read to the end; the connection is kept. */
export async function send(
  dispatcher: Dispatcher,
  url: string,
  method: string,
  headers: Record<string, string>,
  body?: Uint8Array,
) {
  // reset: false keeps the connection: undici otherwise closes it after a body sent with a method
  // other than POST/PUT/PATCH (BITS_POST), which would measure reconnecting, not the server.
  const response = await request(url, { dispatcher, method, headers, body, reset: false })
  await response.body.dump()
  return response
}

/** One upload of `payload` to `url`, fragment after fragment; MiB sent. Throws on a non-200 answer. */
export async function upload(
  dispatcher: Dispatcher,
  url: string,
  payload: GeneratedUpload,
  { method, session, onFragment }: UploadWay,
): Promise<number> {
  const packet = async (type: string, headers: Record<string, string>, body?: Uint8Array) => {
    const answer = await send(
      dispatcher,
      url,
      method,
      { 'BITS-Packet-Type': type, ...headers },
      body,
    )
    if (answer.statusCode !== 200) {
      throw new Error(`${type} answered ${answer.statusCode} ${JSON.stringify(answer.headers)}`)
    }
    return answer
  }
  let sessionId = ''
  if (session) {
    const created = await packet('Create-Session', {
      'BITS-Supported-Protocols': BITS_PROTOCOL_GUID,
      'Content-Length': '0',
    })
    sessionId = String(created.headers['bits-session-id'])
  }
  for (const { first, last, bytes } of payload.fragments()) {
    const range = `bytes ${first}-${last}/${payload.total}`
    await packet('Fragment', { 'BITS-Session-Id': sessionId, 'Content-Range': range }, bytes)
    onFragment?.()
  }
  if (session) {
    await packet('Close-Session', { 'BITS-Session-Id': sessionId, 'Content-Length': '0' })
  }
  return payload.total / MiB
}
