import { type Ack, Header, type WireError, WireErrors } from '../../protocol/index.js'
import type { PacketOf } from '../envelope.js'
import { isAck, liveSession, type ServerContext, sessionAck, uploadOf } from '../server-context.js'
import { isComplete, type Session } from '../session.js'

/**
 * Ends a session the way Close-Session and Cancel-Session both do: an upload whose last byte
 * arrived is delivered to its remote name, anything less is discarded, and the session and its
 * reply are freed. A Close-Session on a session that received no Fragment commits an empty file:
 * a Content-Range cannot describe zero bytes (§2.2.6: `last` ≥ `first`), so the Windows client uploads a 0-byte
 * file as Create-Session then Close-Session. Answers 200; 500 BG_E_SESSION_NOT_FOUND (0x5) for an unknown session; 400
 * E_INVALIDARG (0x5) when sent to another remote name than the session's; 403 E_ACCESSDENIED
 * (0x5) to a Close-Session whose name was uploaded meanwhile while `allowOverwrites` is off; the
 * store's error (500, 0x5) when the upload cannot be written at its name, the session kept.
 * With `dialect: 'onedrive'` a committing Close-Session's Ack carries `X-Resource-Id`.
 *
 * @see [MC-BUP] §3.2.5.2.7 (Close-Session), §2.2.10 (Cancel-Session), §2.2.6 (Fragment)
 */
export function endSession(
  packet: PacketOf<'Close-Session' | 'Cancel-Session'>,
  server: ServerContext,
): Ack {
  const session = liveSession(server, packet)
  if (isAck(session)) return session
  const deliver = isComplete(session) || (packet.type === 'Close-Session' && isEmpty(session))
  const committed = deliver && commit(server, session, packet.type)
  // Bytes that could not land stay with the session, for a resent Close-Session.
  if (typeof committed === 'object') return sessionAck(packet.sessionId, { error: committed })
  // Deleting discards what the sink holds, so it comes after the commit.
  server.sessions.delete(session.id)
  if (committed === 'refused') {
    return sessionAck(packet.sessionId, { error: WireErrors.OverwriteRefused })
  }
  const resource =
    committed === 'done' && packet.type === 'Close-Session' && server.options.dialect === 'onedrive'
      ? { [Header.ResourceId]: resourceIdOf(session) }
      : undefined
  return sessionAck(packet.sessionId, { status: 200, headers: resource })
}

/**
 * The OneDrive item id of a committed upload, in OneDrive's form (`<16 hex digits>!<number>`),
 * from the session id and ordinal, so it is deterministic from the seed.
 */
function resourceIdOf(session: Session): string {
  return `${session.id.replace(/[{}-]/g, '').slice(0, 16)}!${session.ordinal}`
}

/** No Fragment arrived: the upload is the empty file. */
function isEmpty(session: Session): boolean {
  return session.total === null && session.sink.size === 0
}

/**
 * Delivers a complete upload to its remote name. `allowOverwrites` off holds here too, since two
 * sessions may have been created for one new name: Close-Session is then refused as Create-Session
 * would be, and Cancel-Session only drops the upload.
 */
function commit(
  server: ServerContext,
  session: Session,
  type: 'Close-Session' | 'Cancel-Session',
): 'done' | 'refused' | 'dropped' | WireError {
  const { options } = server
  const exists = server.uploads.has(session.name) || options.store.has?.(session.name) === true
  if (!options.allowOverwrites && exists) return type === 'Close-Session' ? 'refused' : 'dropped'
  const failed = session.sink.commit?.()
  // Listed only once its bytes are stored.
  if (failed) return failed
  server.uploads.commit(uploadOf(server, session))
  return 'done'
}
