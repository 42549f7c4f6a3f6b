import { ack, BITS_POST, Header, WireErrors } from '../protocol/index.js'
import { challengeAck, hasCredentials } from './basic-auth.js'
import type { Envelope, Head, Packet } from './envelope.js'
import type { Answer } from './outcome.js'
import { processPacket } from './packets/index.js'
import { type ServerContext, sessionAck } from './server-context.js'
import { serveReply } from './upload-reply.js'
import type { HeaderLookup } from './wire-request.js'

/** What a reply download and the auth check read of a request. */
export type Target = { method: string; url: string; headers: HeaderLookup }

/** An envelope whose request arrived whole. */
export type WholeEnvelope = Exclude<Envelope, { kind: 'unread' }>

/** The head of a request outside `baseUrl`: a plain 404, before BITS or authentication. */
export const NOT_FOUND: Head = { kind: 'other', status: 404 }

const ALLOWED_METHODS = `${BITS_POST}, GET, HEAD`

/**
 * What the server answers a request that arrived whole, with no fault acting: the packet
 * module's Ack, a reply download, or a plain 404/405/501 for what is not BITS.
 */
export function answer(
  server: ServerContext,
  envelope: WholeEnvelope,
  request: Target,
  origin: string,
): Answer | Promise<Answer> {
  const { auth } = server.options
  // IIS authenticates a request to the virtual directory before the BITS extension sees it.
  // @see W32: "BITS Authentication"; RFC 9110 §11.6.1
  if (auth && envelope !== NOT_FOUND && !hasCredentials(request, auth)) {
    return { kind: 'ack', ack: challengeAck(auth.realm, sessionIdOf(envelope)) }
  }
  switch (envelope.kind) {
    case 'reply':
      return { kind: 'response', response: serveReply(request, server) }
    case 'other': {
      // Not BITS: 404 outside baseUrl, 501 for `bits_post`, 405 for another method, which
      // "MUST" name the allowed ones in Allow (RFC 9110 §15.5.6): BITS_POST, and GET and HEAD,
      // which serve reply URLs.
      const allow: Record<string, string> =
        envelope.status === 405 ? { Allow: ALLOWED_METHODS } : {}
      return { kind: 'response', response: plainAnswer(envelope.status, allow) }
    }
    case 'malformed': {
      const { error, sessionId } = envelope
      return { kind: 'ack', ack: sessionId ? sessionAck(sessionId, { error }) : ack({ error }) }
    }
    case 'packet':
      return packetAnswer(server, envelope.packet, origin)
  }
}

/** A well-formed packet's Ack, from its packet module. */
function packetAnswer(
  server: ServerContext,
  packet: Packet,
  origin: string,
): Answer | Promise<Answer> {
  // BITSUploadEnabled off: every packet is refused, but Ping "MUST" still get 200 (§3.2.5.2.5).
  if (!server.options.uploadEnabled && packet.type !== 'Ping') {
    const error = WireErrors.UploadsDisabled
    const refused = packet.sessionId ? sessionAck(packet.sessionId, { error }) : ack({ error })
    return { kind: 'ack', ack: refused }
  }
  const result = processPacket(packet, server, origin)
  return result instanceof Promise
    ? result.then((done) => ({ kind: 'ack', ack: done }))
    : { kind: 'ack', ack: result }
}

/** A plain answer with no BITS headers: what a web server or an intermediary sends on its own. */
export function plainAnswer(
  status: number,
  extra: Readonly<Record<string, string>> = {},
): Response {
  return new Response(null, { status, headers: { [Header.ContentLength]: '0', ...extra } })
}

/** The session a request names, if it is a packet (well-formed or not). */
function sessionIdOf(envelope: Envelope): string | null {
  if (envelope.kind === 'packet') return envelope.packet.sessionId
  return envelope.kind === 'malformed' ? envelope.sessionId : null
}
