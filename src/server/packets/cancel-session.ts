import type { Ack } from '../../protocol/index.js'
import type { PacketOf } from '../envelope.js'
import type { ServerContext } from '../server-context.js'
import { endSession } from './end-session.js'

/**
 * Cancel-Session: discards the upload and frees the session. Once the last fragment was processed
 * the upload has been delivered and cancelling "has no effect" on it, except that the upload-reply's
 * reply is dropped; so it ends the session exactly as Close-Session does.
 * Answers 200, or 500 BG_E_SESSION_NOT_FOUND (0x5) for an unknown session.
 *
 * @see [MC-BUP] §2.2.10, §2.2.11; W32: "Cancel-Session"
 */
export function cancelSession(packet: PacketOf<'Cancel-Session'>, server: ServerContext): Ack {
  return endSession(packet, server)
}
