import type { Packet } from '../envelope.js'
import { findSession, type ServerContext, sessionAck, uploadOf } from '../server-context.js'
import { isComplete } from '../session.js'

/**
 * Cancel-Session: discards the upload and frees the session. Once the last fragment was processed
 * the upload has been delivered and cancelling has no effect on it, except that the upload-reply's
 * reply is dropped. Answers 200, or 500 BG_E_SESSION_NOT_FOUND (0x5) for an unknown session.
 *
 * @see [MC-BUP] §2.2.10, §2.2.11; W32: "Cancel-Session"
 */
export function cancelSession(packet: Packet, server: ServerContext): Response {
  const session = findSession(server, packet.sessionId!)
  if (session instanceof Response) return session
  if (isComplete(session)) server.uploads.commit(uploadOf(server, session))
  server.sessions.delete(session.id)
  return sessionAck(server, session.id, { status: 200 })
}
