import type { Ack } from '../../protocol/index.js'
import type { PacketOf } from '../envelope.js'
import type { ServerContext } from '../server-context.js'
import { endSession } from './end-session.js'

/**
 * Close-Session: commits a complete upload to its remote name and frees the session and its reply.
 * A session closed before its last byte is discarded: the server keeps no partial uploads.
 * Answers 200, or 500 BG_E_SESSION_NOT_FOUND (0x5) for an unknown session.
 *
 * @see [MC-BUP] §2.2.8, §2.2.9, §3.2.5.2.7; W32: "Close-Session"
 */
export function closeSession(packet: PacketOf<'Close-Session'>, server: ServerContext): Ack {
  return endSession(packet, server)
}
