import type { Ack } from '../../protocol/index.js'
import type { PacketOf } from '../envelope.js'
import { type ServerContext, sessionAck, sessionNotFound, uploadOf } from '../server-context.js'
import { isComplete } from '../session.js'

/**
 * Ends a session the way Close-Session and Cancel-Session both do: an upload whose last byte
 * arrived is delivered to its remote name, anything less is discarded, and the session and its
 * reply are freed. Answers 200, or 500 BG_E_SESSION_NOT_FOUND (0x5) for an unknown session.
 *
 * @see [MC-BUP] §3.2.5.2.7 (Close-Session), §2.2.10 (Cancel-Session)
 */
export function endSession(
  packet: PacketOf<'Close-Session' | 'Cancel-Session'>,
  server: ServerContext,
): Ack {
  const session = server.sessions.touch(packet.sessionId)
  if (!session) return sessionNotFound(packet.sessionId)
  if (isComplete(session)) {
    session.sink.commit?.()
    server.uploads.commit(uploadOf(server, session))
  }
  server.sessions.delete(session.id)
  return sessionAck(packet.sessionId, { status: 200 })
}
