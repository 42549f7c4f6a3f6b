import { type AckInit, ack, Header, WireErrors } from '../protocol/index.js'
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

/** An Ack in this server's error-header style. */
export function serverAck(server: ServerContext, init: AckInit): Response {
  return ack({ ...init, errorHeaders: server.options.errorHeaders })
}

/**
 * An Ack for a packet of `sessionId`: "the server MUST include BITS-Session-Id" on it, errors
 * included. @see [MC-BUP] §2.2.7, §2.2.9, §2.2.11
 */
export function sessionAck(server: ServerContext, sessionId: string, init: AckInit = {}): Response {
  return serverAck(server, { ...init, headers: { [Header.SessionId]: sessionId, ...init.headers } })
}

/**
 * The live session a packet names, or the Ack for an unknown one: 500 BG_E_SESSION_NOT_FOUND
 * with context 0x5. @see [MC-BUP] §3.2.5.2.3
 */
export function findSession(server: ServerContext, sessionId: string): Session | Response {
  return (
    server.sessions.touch(sessionId) ??
    sessionAck(server, sessionId, { error: WireErrors.SessionNotFound })
  )
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
