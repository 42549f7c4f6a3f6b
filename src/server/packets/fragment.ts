import { type Ack, rangeLength, type WireError, WireErrors } from '../../protocol/index.js'
import type { PacketOf } from '../envelope.js'
import { type Body, sliceBody } from '../read-body.js'
import { isAck, liveSession, type ServerContext, sessionAck } from '../server-context.js'
import { isComplete, type Session } from '../session.js'
import { produceReply } from '../upload-reply.js'

/**
 * Fragment: appends the bytes the server does not have yet and Acks the next offset it expects.
 *
 * - `first` == next expected: appended, 200 with `BITS-Received-Content-Range`.
 * - `first` > next expected (a gap): 416 with the next expected offset and error code 0.
 * - overlapping: only the new part is written, 200.
 * - the whole range already received (a retry after a lost Ack): 200 with the current offset.
 * - a total that differs from the session's: 400 E_INVALIDARG (0x5).
 * - larger than `maxFragmentSize`: 413; upload larger than `maxUploadSize`: 500 BG_E_TOO_LARGE (0x5).
 * - the last byte arrived and the server application (`reply`) fails: its error with context 0x7.
 * - unknown session: 500 BG_E_SESSION_NOT_FOUND (0x5).
 *
 * The last fragment's Ack carries `BITS-Reply-URL` when the server has a `reply`.
 *
 * @see [MC-BUP] §2.2.6, §2.2.7, §3.2.5.2.6; W32: "Fragment", "Ack for Fragment"
 */
export function fragment(
  packet: PacketOf<'Fragment'>,
  server: ServerContext,
  origin: string,
): Ack | Promise<Ack> {
  const session = checkFragmentHead(packet, server)
  if (isAck(session)) return session
  const { range } = packet
  if (session.total === null) session.sink.expect?.(range.total)
  session.total = range.total

  const expected = session.sink.size
  // "If the first byte … is beyond the last byte received, the server MUST respond with 416 and
  // BITS-Received-Content-Range set to the next byte it expects" (§3.2.5.2.6).
  if (range.first > expected) return errorAck(packet, session, WireErrors.OutOfSync)
  // W32 "Fragment": Content-Name is sent "only with the initial fragment".
  if (expected === 0 && range.first === 0 && packet.contentName !== null) {
    session.contentName = packet.contentName
  }
  // Overlap: "write only the new part" (W32 "Fragment": 0–100 then 50–150 writes 101–150);
  // a range wholly received before is acknowledged again with the current offset.
  if (range.last >= expected) append(session, packet.body, expected - range.first)

  const done: Ack = { status: 200, sessionId: packet.sessionId, receivedOffset: session.sink.size }
  // Synchronous unless the upload is complete: most Fragments cost no promise.
  return isComplete(session) ? withReply(packet, server, session, origin, done) : done
}

/**
 * Appends the body's bytes from `skip` on. A body streamed into the sink's stage is committed
 * when the sink still expects the offset the stage opened at (`skip` 0); when another copy of
 * the range landed meanwhile, the stage is left to be aborted and the Ack says where things are.
 */
function append(session: Session, body: Body, skip: number): void {
  if (body.staged) {
    if (skip === 0) body.staged.commit()
    return
  }
  for (const chunk of sliceBody(body, skip).chunks) session.sink.append(chunk)
}

/**
 * What a Fragment's head decides before any byte of its body is read, so a body nobody will keep
 * is never held: an unknown session (500 BG_E_SESSION_NOT_FOUND), another remote name, a total
 * that differs from the session's (400), a fragment over `maxFragmentSize` (413) or an upload
 * over `maxUploadSize` (500 BG_E_TOO_LARGE). Changes nothing but the session's idle timer.
 * @returns the session when the body is wanted, or the Ack that answers the packet
 * @see [MC-BUP] §3.2.5.2.3, §3.2.5.2.6
 */
export function checkFragmentHead(
  packet: Pick<PacketOf<'Fragment'>, 'sessionId' | 'name' | 'range'>,
  server: ServerContext,
): Session | Ack {
  const session = liveSession(server, packet)
  if (isAck(session)) return session
  const { range } = packet
  // "The total length … MUST be the same for all fragments of a session" (§2.2.6).
  if (session.total !== null && range.total !== session.total)
    return errorAck(packet, session, WireErrors.InvalidArgument)
  if (rangeLength(range) > server.options.maxFragmentSize)
    return errorAck(packet, session, WireErrors.FragmentTooLarge)
  if (range.total > server.options.maxUploadSize)
    return errorAck(packet, session, WireErrors.TooLarge)
  return session
}

/** The last Fragment's Ack: the server application (`reply`) runs first. */
async function withReply(
  packet: PacketOf<'Fragment'>,
  server: ServerContext,
  session: Session,
  origin: string,
  done: Ack,
): Promise<Ack> {
  const result = await produceReply(server, session, origin)
  if (result !== null && 'hresult' in result) return errorAck(packet, session, result)
  // "The server MUST include BITS-Reply-URL in the Ack for the last fragment" (§3.2.5.2.6).
  return result === null ? done : { ...done, replyUrl: result.url }
}

/**
 * An error Ack of a live session's Fragment, with the session id and the next offset expected:
 * "BITS-Received-Content-Range … MUST be included in the Fragment Ack" (§2.2.7.2), error Acks
 * too, so a client always knows where the server stands.
 */
function errorAck(packet: { sessionId: string }, session: Session, error: WireError): Ack {
  return sessionAck(packet.sessionId, { error, receivedOffset: session.sink.size })
}
