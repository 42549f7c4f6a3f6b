import { type Ack, ack, Header, negotiateProtocol, WireErrors } from '../../protocol/index.js'
import type { PacketOf } from '../envelope.js'
import type { ServerContext } from '../server-context.js'

/**
 * Create-Session: picks the protocol, opens a session and Acks its id.
 *
 * Answers 200 (or `createSessionStatus`) with `BITS-Protocol`, `BITS-Session-Id`,
 * `Accept-Encoding: identity` and, when `hostId` is set, `BITS-Host-Id` and
 * `BITS-Host-Id-Fallback-Timeout` (seconds); 400 E_INVALIDARG (0x5) when no offered protocol is
 * supported; 403 E_ACCESSDENIED (0x5) when the name exists and `allowOverwrites` is off.
 *
 * @see [MC-BUP] §2.2.2, §2.2.3, §3.2.5.2.4; W32: "Create-Session", "Ack for Create-Session"
 */
export function createSession(packet: PacketOf<'Create-Session'>, server: ServerContext): Ack {
  const { options } = server
  const protocol = negotiateProtocol(packet.supportedProtocols)
  // "If none of the protocols … is supported, the server MUST respond with 400" (§3.2.5.2.4).
  if (protocol === null) return ack({ error: WireErrors.NoCommonProtocol })
  // A name the store cannot hold (a path escaping a directory store's root) is malformed.
  if (options.store.accepts?.(packet.name) === false) {
    return ack({ error: WireErrors.InvalidArgument })
  }
  // The destination exists and may not be overwritten: 403 E_ACCESSDENIED (§3.2.5.2.4).
  const exists = server.uploads.has(packet.name) || options.store.has?.(packet.name) === true
  if (!options.allowOverwrites && exists) {
    return ack({ error: WireErrors.OverwriteRefused })
  }

  const session = server.sessions.create({
    name: packet.name,
    contentName: packet.contentName,
    protocol,
  })
  const headers: Record<string, string> = {
    [Header.Protocol]: protocol,
    // "The server MUST send Accept-Encoding: identity" (§2.2.3): fragments are never compressed.
    [Header.AcceptEncoding]: 'identity',
  }
  if (options.hostId !== undefined) {
    headers[Header.HostId] = options.hostId
    headers[Header.HostIdFallbackTimeout] = String(options.hostIdFallbackTimeout)
  }
  return ack({ status: options.createSessionStatus, sessionId: session.id, headers })
}
