import { type Ack, type AckInit, ack, WireErrors } from '../protocol/index.js'
import type { ResolvedOptions } from './options.js'
import type { Session } from './session.js'
import type { SessionTable } from './session-table.js'
import type { Upload } from './stores/index.js'
import type { UploadRegistry } from './uploads.js'

/** What a packet module may use of the server. Packet modules never see the host. */
export interface ServerContext {
  readonly options: ResolvedOptions
  readonly sessions: SessionTable
  readonly uploads: UploadRegistry
}

/**
 * An Ack for a packet of `sessionId`: "the server MUST include BITS-Session-Id" on it, errors
 * included, with "the same value as in the request": pass the id as the client sent it, not the
 * server's spelling. @see [MC-BUP] §2.2.1.2, §2.2.7, §2.2.9, §2.2.11
 */
export function sessionAck(sessionId: string, init: AckInit = {}): Ack {
  return ack({ ...init, sessionId })
}

/** Whether a lookup gave the Ack to answer instead of a session. */
export function isAck(found: Session | Ack): found is Ack {
  return 'status' in found
}

/**
 * The live session a packet names, touched so its idle timer restarts; or the Ack when there is
 * none (500 BG_E_SESSION_NOT_FOUND, 0x5), or when the packet went to another remote name than
 * the session's (400 E_INVALIDARG, 0x5: "the session is created for the destination URL", so
 * its bytes never land in another name's upload).
 * @see [MC-BUP] §1.3.1, §3.2.5.2.3
 */
export function liveSession(
  server: ServerContext,
  packet: { sessionId: string; name: string },
): Session | Ack {
  const session = server.sessions.touch(packet.sessionId)
  if (!session) return sessionNotFound(packet.sessionId)
  if (session.name !== packet.name) {
    return sessionAck(packet.sessionId, { error: WireErrors.InvalidArgument })
  }
  return session
}

/**
 * The Ack for a session the server does not know: 500 BG_E_SESSION_NOT_FOUND with context 0x5.
 * @see [MC-BUP] §3.2.5.2.3
 */
export function sessionNotFound(sessionId: string): Ack {
  return sessionAck(sessionId, { error: WireErrors.SessionNotFound })
}

/** The upload as it stands: what `reply` sees and what Close-Session commits. */
export function uploadOf(server: ServerContext, session: Session): Upload {
  return {
    name: session.name,
    sessionId: session.id,
    contentName: session.contentName,
    ...session.sink.content(),
    completedAt: server.options.clock.now(),
  }
}
