import parseRange from 'range-parser'
import {
  BitsErrorContext,
  httpErrorHResult,
  type WireError,
  WireErrors,
} from '../protocol/index.js'
import { type ServerContext, uploadOf } from './server-context.js'
import type { Session, StoredReply } from './session.js'
import type { HeaderLookup } from './wire-request.js'

/**
 * Where a session's reply is served. Modelled on the spec's trace
 * (`BITS-Sessions\Replies\{guid}\responsefile.bin`), made absolute so any client can GET it.
 * @see [MC-BUP] §4.2
 */
export function replyUrl(origin: string, server: ServerContext, session: Session): string {
  const guid = session.id.replace(/[{}]/g, '')
  return `${origin}${server.options.base.pathname}/BITS-Sessions/Replies/${guid}/responsefile.bin`
}

/**
 * Runs the server application (`options.reply`) on the completed upload, once per session.
 * @returns the stored reply, `null` when the server has no `reply`, or the error to answer
 *   (context 0x7: "the server application failed", §3.2.5.2.6).
 */
export async function produceReply(
  server: ServerContext,
  session: Session,
  origin: string,
): Promise<StoredReply | WireError | null> {
  const application = server.options.reply
  if (!application) return null
  if (session.reply) return session.reply
  let response: Response
  let body: Uint8Array<ArrayBuffer>
  try {
    const result = await application(uploadOf(server, session))
    response = result instanceof Response ? result : new Response(result as BodyInit)
    // W32 "Handling Server Application Errors": anything but 200 from the application is its
    // error, answered with its status (3xx–5xx) and context 0x7, and no BITS-Reply-URL.
    if (response.status !== 200) return applicationError(response.status)
    body = new Uint8Array(await response.arrayBuffer())
  } catch {
    // The application threw, or its reply body failed mid-stream: it failed, never the server.
    return WireErrors.ApplicationFailed
  }
  session.reply = {
    url: replyUrl(origin, server, session),
    body,
    contentType: response.headers.get('Content-Type'),
  }
  return session.reply
}

/**
 * The Ack error for an application status other than 200: that status with context 0x7 when it
 * is 300–599, which a client classifies (W32 "Handling Server Application Errors"); another 2xx
 * would read as success without a reply, so it is 500 E_FAIL.
 */
function applicationError(status: number): WireError {
  if (status < 300) return WireErrors.ApplicationFailed
  return {
    status,
    hresult: httpErrorHResult(status),
    context: BitsErrorContext.REMOTE_APPLICATION,
  }
}

/**
 * Serves GET/HEAD of a reply URL, honouring a single `Range` (206, or 416 when unsatisfiable).
 * Replies live until Close-Session or Cancel-Session, so a late download gets 404.
 * @see [MC-BUP] §4.2, RFC 9110 §14
 */
export function serveReply(
  request: { method: string; url: string; headers: HeaderLookup },
  server: ServerContext,
): Response {
  const session = server.sessions.findByReplyUrl(request.url.split(/[?#]/)[0] ?? '')
  if (!session?.reply)
    return new Response(null, { status: 404, headers: { 'Content-Length': '0' } })
  const { body, contentType } = session.reply
  const headers = new Headers({ 'Accept-Ranges': 'bytes' })
  if (contentType) headers.set('Content-Type', contentType)
  const send = (status: number, bytes: Uint8Array<ArrayBuffer>): Response => {
    headers.set('Content-Length', String(bytes.byteLength))
    return new Response(request.method === 'HEAD' ? null : bytes, { status, headers })
  }

  const range = request.headers.get('Range')
  const ranges = range === null ? -2 : parseRange(body.byteLength, range, { combine: true })
  if (ranges === -1) {
    headers.set('Content-Range', `bytes */${body.byteLength}`)
    return send(416, new Uint8Array())
  }
  // No Range, a malformed one (-2), or several: the whole reply, as RFC 9110 allows.
  if (typeof ranges === 'number' || ranges.length !== 1 || !ranges[0]) return send(200, body)
  const { start, end } = ranges[0]
  headers.set('Content-Range', `bytes ${start}-${end}/${body.byteLength}`)
  return send(206, body.subarray(start, end + 1))
}
