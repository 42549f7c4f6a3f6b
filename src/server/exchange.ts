import type { FaultDecision, FaultSubject } from '../faults/index.js'
import { type Ack, type ByteRange, Header, rangeLength } from '../protocol/index.js'
import { untilAborted } from '../shared/clock.js'
import { answer, NOT_FOUND } from './answer.js'
import { HANG, unread, withFault } from './apply-fault.js'
import { hasCredentials } from './basic-auth.js'
import type { EngineState, Exchange } from './engine-state.js'
import { checkEnvelope, type Head, type PacketHead, readEnvelope, readHead } from './envelope.js'
import { type MissingLengthPolicy, missingLengthAck } from './missing-length.js'
import type { Outcome } from './outcome.js'
import { checkFragmentHead } from './packets/fragment.js'
import { streamBody } from './read-body.js'
import { describeBody, type Findings, openRecord, record, recordAbandoned } from './recording.js'
import { isAck } from './server-context.js'
import type { Session } from './session.js'
import {
  type Arrival,
  type HeaderLookup,
  NEVER_ABORTED,
  WireHeaders,
  type WireRequest,
} from './wire-request.js'

/**
 * What a host tells {@link BitsEngine.exchange} beside the request.
 * @see [MC-BUP] §3.2.5.2.3 (a packet without Content-Length)
 * @example
 *   import type { ExchangeOptions } from 'msw-bits'
 *
 *   // A socket host that saw no Content-Length on a Fragment, answering as Windows does:
 *   const host: ExchangeOptions = { missingLength: { status: 400, strict: false } }
 *   const outcome = await bits.exchange({ ...request, framing: 'none' }, host)
 */
export interface ExchangeOptions {
  /** Refuse a packet sent without `Content-Length`; absent: take it (Fetch hosts cannot tell). */
  missingLength?: MissingLengthPolicy
}

/**
 * One request through the server: decode the head and open its journal entry → refuse what the
 * head alone refuses → the fault plan decides → read the body → process → complete the entry
 * once. Rendering is the host's.
 */
export async function exchange(
  state: EngineState,
  wire: WireRequest,
  host: ExchangeOptions = {},
): Promise<Outcome> {
  const request = arrival(wire)
  const url = new URL(wire.url)
  const name = remoteName(url, state.options.base.pathname)
  const head = name === null ? NOT_FOUND : readHead(wire.method, request.headers)
  const entry = openRecord(state, wire, request, head)
  const target = { method: wire.method, url: wire.url, headers: request.headers }
  const findings: Findings = { fault: null, bodyLength: 0, range: entry.range }
  const ex: Exchange = {
    state,
    request,
    target,
    origin: url.origin,
    name: name ?? '',
    entry,
    findings,
  }
  const refusal = missingLengthAck(head, wire.framing, host.missingLength)
  if (refusal) return record(state, entry, { kind: 'ack', ack: refusal }, findings)
  // Decided from the head, before the body is read, so a rule can act on the body itself.
  const decision = state.faults.active ? state.faults.decide(subjectOf(ex)) : null
  findings.fault = decision?.record ?? null
  const checked = decision ? null : checkHead(ex, head)
  if (checked !== null && isAck(checked)) {
    // The body is left to the host; the journal keeps the length its head declared.
    findings.bodyLength = entry.range ? rangeLength(entry.range) : 0
    return record(state, entry, { kind: 'ack', ack: checked }, findings)
  }
  const answered =
    checked !== null && head.kind === 'packet' && streams(checked, head)
      ? await streamed(ex, head, checked)
      : await afterHead(ex, head, decision)
  const outcome = record(state, entry, answered, findings)
  // The hang ends when the client goes away; the journal says when.
  if (outcome === HANG)
    void untilAborted(request.signal()).then(() => recordAbandoned(state, entry))
  return outcome
}

/** Reads the body (a packet's), then answers what arrived, through the fault rule if one acts. */
async function afterHead(
  ex: Exchange,
  head: Head,
  decision: FaultDecision | null,
): Promise<Outcome> {
  const { state, request } = ex
  const envelope =
    head.kind === 'packet'
      ? await readEnvelope(request, head, ex.name, decision?.pace ?? null, state.options.clock)
      : head
  describeBody(ex.findings, envelope)
  if (envelope.kind === 'unread') return unread(ex, envelope.end, decision)
  if (decision) return withFault(ex, decision, envelope)
  return answer(state, envelope, ex.target, ex.origin)
}

/**
 * Whether a Fragment's body goes straight into its session's sink as it arrives: the sink can
 * stage, none streams into it now, and the range starts at the next offset it expects (a gap or
 * an overlap is collected and sorted out once whole).
 */
function streams(session: Session, head: PacketHead): boolean {
  const { range } = head
  return (
    !session.staging &&
    session.sink.stage !== undefined &&
    range !== null &&
    range.first === session.sink.size
  )
}

/**
 * A Fragment whose head found its session, its body hashed (and written) into the sink's stage
 * as it arrives, then checked and processed as a collected one: committed when the packet is
 * whole and appended, aborted otherwise, so a body cut short leaves the upload as it was.
 */
async function streamed(ex: Exchange, head: PacketHead, session: Session): Promise<Outcome> {
  const staged = session.sink.stage?.()
  if (staged === undefined) return afterHead(ex, head, null)
  session.staging = true
  try {
    const length = head.range === null ? 0 : rangeLength(head.range)
    const reading = await streamBody(ex.request.body, staged, length)
    const envelope = checkEnvelope(ex.request.headers, head, ex.name, reading)
    describeBody(ex.findings, envelope)
    if (envelope.kind === 'unread') return await unread(ex, envelope.end, null)
    return await answer(ex.state, envelope, ex.target, ex.origin)
  } finally {
    staged.abort() // does nothing once committed
    session.staging = false
  }
}

/**
 * What a Fragment's head already decides: the Ack (an unknown session, a size limit), so its
 * body is never read and the host drains it or closes; or the live session its body is for.
 * Only for a head that proves the packet well-formed (a malformed one gets its 400 first,
 * §3.2.5.2.3), from a client that passed authentication.
 */
function checkHead({ state, request, name }: Exchange, head: Head): Ack | Session | null {
  const { options } = state
  if (head.kind !== 'packet' || head.type !== 'Fragment' || !options.uploadEnabled) return null
  const { sessionId, range } = head
  if (sessionId === null || range === null) return null
  if (options.auth && !hasCredentials(request, options.auth)) return null
  if (!declaresExactly(request.headers, range)) return null
  return checkFragmentHead({ sessionId, name, range }, state)
}

/** Whether the head declares exactly the range's bytes, unencoded, as a well-formed Fragment. */
function declaresExactly(headers: HeaderLookup, range: ByteRange): boolean {
  if (headers.get(Header.ContentLength)?.trim() !== String(rangeLength(range))) return false
  const encoding = headers.get(Header.ContentEncoding)?.trim().toLowerCase()
  return encoding === undefined || encoding === 'identity'
}

/** What a fault rule matches on: the request as its head described it. */
function subjectOf({ state, entry, name }: Exchange): FaultSubject {
  const { sessionId } = entry
  return {
    kind: entry.kind,
    packet: entry.packet,
    name,
    sessionId,
    sessionOrdinal: sessionId === null ? undefined : state.sessions.ordinalOf(sessionId),
    range: entry.range,
  }
}

/** A request's headers by name, its body, and its signal, made on first use. */
function arrival(wire: WireRequest): Arrival {
  return {
    headers: 'get' in wire.headers ? wire.headers : new WireHeaders(wire.headers),
    body: wire.body,
    signal: () => wire.signal ?? NEVER_ABORTED,
  }
}

/** The path under the base path, percent-decoded; `null` when the URL is outside it or undecodable. */
function remoteName(url: URL, basePath: string): string | null {
  const path = url.pathname
  if (path !== basePath && !path.startsWith(`${basePath}/`)) return null
  try {
    return decodeURIComponent(path.slice(basePath.length + 1))
  } catch {
    return null
  }
}
