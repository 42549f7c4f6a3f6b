import type { PacketChange, ServerEffect } from '../faults/index.js'
import { type FaultDecision, FaultEngine, type FaultsApi } from '../faults/index.js'
import {
  type EntryAnswer,
  type EntryArrival,
  type EntryCompletion,
  Journal,
  type JournalEntry,
} from '../journal/index.js'
import { write } from '../journal/journal.js'
import {
  type Ack,
  ack,
  BITS_POST,
  Header,
  HResult,
  rangeLength,
  WireErrors,
} from '../protocol/index.js'
import { sleepUnlessAborted, untilAborted } from '../shared/clock.js'
import { authSchemeOf, challengeAck, hasCredentials } from './basic-auth.js'
import { type Envelope, type Head, readEnvelope, readHead } from './envelope.js'
import { type MissingLengthPolicy, missingLengthAck } from './missing-length.js'
import { type BitsServerOptions, type ResolvedOptions, resolveOptions } from './options.js'
import { type Answer, type Outcome, renderOutcome, statusOf } from './outcome.js'
import { checkFragmentHead } from './packets/fragment.js'
import { processPacket } from './packets/index.js'
import { sliceBody } from './read-body.js'
import { isAck, type ServerContext, sessionAck } from './server-context.js'
import { type SessionsView, SessionTable } from './session-table.js'
import { serveReply } from './upload-reply.js'
import { UploadRegistry, type UploadsView } from './uploads.js'
import {
  type Arrival,
  fromFetchRequest,
  type HeaderLookup,
  NEVER_ABORTED,
  WireHeaders,
  type WireRequest,
} from './wire-request.js'

/**
 * The emulated server without any host: a Fetch `Request` in, an {@link Outcome} or a `Response` out.
 * `createBitsServer` returns one with MSW handlers; `startBitsServer` serves one over TCP.
 * @see [MC-BUP] §3.2 (server details)
 * @example
 *   import { type BitsEngine, createBitsServer } from 'msw-bits'
 *
 *   const engine: BitsEngine = createBitsServer({ baseUrl: 'https://bits.example.test/uploads' })
 *   const ack = await engine.handle(
 *     new Request('https://bits.example.test/uploads/a.bin', { method: 'BITS_POST', headers: { 'BITS-Packet-Type': 'Ping' } }),
 *   )
 *   engine.journal.last()?.status // 200
 */
export interface BitsEngine {
  /**
   * Answers one request as the BITS server would: a packet's Ack, a reply download, or 404/405/501
   * for what is not BITS; `Response.error()` for a transport fault. Never throws for bad input.
   * A hang settles (with `Response.error()`) only when `request.signal` aborts.
   *
   * @example
   *   const response = await bits.handle(
   *     new Request('https://bits.example.test/uploads/a.bin', {
   *       method: 'BITS_POST',
   *       headers: { 'BITS-Packet-Type': 'Ping' },
   *     }),
   *   )
   *   response.headers.get('BITS-Packet-Type') // 'Ack'
   * @see [MC-BUP] §3.2.5.2
   */
  handle(request: Request): Promise<Response>
  /**
   * What the server does with one request, given as wire facts, for hosts that own a socket: an
   * Ack, a ready response, a transport effect (each kept distinct), or no answer. The journal
   * entry is opened on arrival and completed once the outcome is known. The body is read chunk
   * by chunk as the host delivers it, so a host may pace it itself. Never throws for bad input.
   * `fromFetchRequest(request)` gives the wire facts of a Fetch `Request`.
   *
   * @param host what only the host knows: how it answers a packet without `Content-Length`
   *   (`request.framing === 'none'`, §3.2.5.2.3)
   * @example
   *   const outcome = await bits.exchange({ method: 'BITS_POST', url, headers: pairs, body: chunks, framing })
   *   if (outcome.kind === 'transport' && outcome.effect === 'reset') socket.resetAndDestroy()
   *   else if (outcome.kind === 'ack' || outcome.kind === 'response') reply(bits.render(outcome))
   */
  exchange(request: WireRequest, host?: ExchangeOptions): Promise<Outcome>
  /**
   * Renders an outcome into a Fetch `Response` in this server's `errorHeaders` style; every
   * transport effect becomes `Response.error()`.
   * @example
   *   const response = bits.render({ kind: 'ack', ack: { status: 200 } })
   */
  render(outcome: Exclude<Outcome, { kind: 'unanswered' }>): Response
  /** Completed uploads by remote name. */
  readonly uploads: UploadsView
  /** Live sessions. */
  readonly sessions: SessionsView
  /** Every request and its answer. */
  readonly journal: Journal
  /** The fault plan: `use`, `add`, `clear`, `pending`. */
  readonly faults: FaultsApi
  /**
   * Forgets sessions, uploads and the journal, as a new server, and puts back the fault plan given
   * at creation (the `faults` option, or none): a plan from `faults.use()` or rules from
   * `faults.add()` are dropped, as MSW's `server.resetHandlers()` drops `server.use()` handlers.
   * Counters and seeded draws restart; session ids are never reused.
   * @example
   *   afterEach(() => bits.reset()) // each test starts from the plan given at creation
   */
  reset(): void
  /** The options in force, defaults filled in. */
  readonly options: Readonly<ResolvedOptions>
}

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

/** What a reply download and the auth check read of a request. */
type Target = { method: string; url: string; headers: HeaderLookup }

/** A request's headers by name, its body, and its signal, made on first use. */
function arrival(wire: WireRequest): Arrival {
  return {
    headers: 'get' in wire.headers ? wire.headers : new WireHeaders(wire.headers),
    body: wire.body,
    signal: () => wire.signal ?? NEVER_ABORTED,
  }
}

/** An envelope whose request arrived whole. */
type WholeEnvelope = Exclude<Envelope, { kind: 'unread' }>

const NOT_FOUND: Head = { kind: 'other', status: 404 }
const ALLOWED_METHODS = `${BITS_POST}, GET, HEAD`
const HANG: Outcome = { kind: 'unanswered', reason: 'hang' }
const ABORTED: Outcome = { kind: 'unanswered', reason: 'aborted' }
/** A rule's reset after N body bytes: nothing of the fragment was processed. */
const CUT_RESET: Outcome = { kind: 'transport', effect: 'reset', answer: null }

/** Creates the engine; {@link createBitsServer} wraps it with MSW handlers. */
export function createBitsEngine(input: BitsServerOptions): BitsEngine {
  const options = resolveOptions(input)
  const sessions = new SessionTable(
    options.store,
    options.clock,
    options.sessionTimeout * 1000,
    options.seed,
  )
  const uploads = new UploadRegistry()
  const journal = new Journal(options.seed, options.seed, options.journalLimit)
  const server: ServerContext = { options, sessions, uploads }
  const faults = new FaultEngine({
    seed: options.seed,
    initial: options.faults,
    onSeed: (seed) => {
      journal.seed = seed
    },
  })

  /** decode the head → decide → read the body → process → record once; rendering is the host's. */
  async function exchange(wire: WireRequest, host: ExchangeOptions = {}): Promise<Outcome> {
    const request = arrival(wire)
    const url = new URL(wire.url)
    const name = remoteName(url, options.base.pathname)
    const head = name === null ? NOT_FOUND : readHead(wire.method, request.headers)
    const entry = journal[write].open({
      time: options.clock.now(),
      method: wire.method,
      url: wire.url,
      authScheme: authSchemeOf(request),
      ...headFacts(head),
    })
    const findings: Findings = { fault: null, bodyLength: 0, range: entry.range }
    const refusal = missingLengthAck(head, wire.framing, host.missingLength)
    if (refusal) return record(entry, { kind: 'ack', ack: refusal }, findings)
    // Decided from the head, before the body is read, so a rule can act on the body itself.
    const decision = faults.active ? faults.decide(subjectOf(entry, name ?? '')) : null
    findings.fault = decision?.record ?? null
    const early = decision ? null : headAck(head, request.headers, name ?? '')
    if (early) {
      // The body is left to the host; the journal keeps the length its head declared.
      findings.bodyLength = entry.range ? rangeLength(entry.range) : 0
      return record(entry, { kind: 'ack', ack: early }, findings)
    }
    const envelope =
      head.kind === 'packet'
        ? await readEnvelope(request, head, name ?? '', decision?.pace ?? null, options.clock)
        : head
    describe(findings, envelope)
    const target = { method: wire.method, url: wire.url, headers: request.headers }
    const outcome =
      envelope.kind === 'unread'
        ? await unread(envelope.end, decision, request.signal())
        : decision
          ? await withFault(decision, envelope, entry, target, url.origin, request, findings)
          : await answer(envelope, target, url.origin)
    record(entry, outcome, findings)
    if (outcome === HANG) {
      // The hang ends when the client goes away; the journal says when.
      void untilAborted(request.signal()).then(() => {
        journal[write].abandon(entry, options.clock.now())
      })
    }
    return outcome
  }

  /**
   * The Ack a Fragment's head already decides (an unknown session, a size limit), so its body is
   * never read: the host drains it or closes. Only for a head that proves the packet well-formed
   * (a malformed one gets its 400 first, §3.2.5.2.3), from a client that passed authentication.
   */
  function headAck(head: Head, headers: HeaderLookup, name: string): Ack | null {
    if (head.kind !== 'packet' || head.type !== 'Fragment' || !options.uploadEnabled) return null
    const { sessionId, range } = head
    if (sessionId === null || range === null) return null
    if (options.auth && !hasCredentials({ headers }, options.auth)) return null
    if (headers.get(Header.ContentLength)?.trim() !== String(rangeLength(range))) return null
    const encoding = headers.get(Header.ContentEncoding)?.trim().toLowerCase()
    if (encoding !== undefined && encoding !== 'identity') return null
    const checked = checkFragmentHead({ sessionId, name, range }, server)
    return isAck(checked) ? checked : null
  }

  /** A body that did not arrive whole: the client is gone, or a rule cut it and resets. */
  async function unread(
    end: 'gone' | 'cut',
    decision: FaultDecision | null,
    signal: AbortSignal,
  ): Promise<Outcome> {
    if (end === 'gone' || !decision) return ABORTED
    const { delayMs } = decision
    if (delayMs > 0 && !(await sleepUnlessAborted(options.clock, delayMs, signal))) return ABORTED
    return CUT_RESET
  }

  async function withFault(
    decision: FaultDecision,
    envelope: WholeEnvelope,
    entry: JournalEntry,
    request: Target,
    origin: string,
    arrived: Arrival,
    findings: Findings,
  ): Promise<Outcome> {
    const { action, change, delayMs } = decision
    const process = () => answer(applyChange(envelope, change), request, origin)
    // Timing "after": the server processes the packet, then what the client sees is replaced
    // (a slow close always has it: the answer goes out, the close comes late).
    const processed = decision.timing === 'after' ? await process() : null
    if (processed) findings.fault = { ...decision.record, serverStatus: statusOf(processed) }
    if (delayMs > 0 && !(await sleepUnlessAborted(options.clock, delayMs, arrived.signal()))) {
      return ABORTED
    }
    switch (action.kind) {
      case 'respond':
        // What the server says and does agree: an Ack saying the session is gone forgets it.
        if (action.ack.error?.hresult === HResult.BG_E_SESSION_NOT_FOUND && entry.sessionId)
          sessions.delete(entry.sessionId)
        return { kind: 'ack', ack: action.ack }
      case 'intermediary':
        return { kind: 'response', response: plainAnswer(action.status, action.headers) }
      case 'transport':
        return { kind: 'transport', effect: action.effect, answer: processed }
      case 'slow-close': {
        const answer = processed ?? (await process())
        return { kind: 'transport', effect: 'slow-close', answer, durationMs: action.durationMs }
      }
      case 'challenge':
        return { kind: 'ack', ack: challengeAck(realm(), entry.sessionId) }
      case 'hang':
        return HANG
      case 'effect': {
        // After Create-Session the session is the one its Ack just issued.
        const issued = processed?.kind === 'ack' ? processed.ack.sessionId : undefined
        carryOut(action.effect, entry.sessionId ?? issued ?? null)
        return processed ?? process()
      }
      case 'pass': {
        const outcome = processed ?? (await process())
        if (!action.headers || outcome.kind !== 'ack') return outcome
        // The server's Ack still goes out, with the rule's headers added (OneDrive's X-Resource-Id).
        const headers = { ...outcome.ack.headers, ...action.headers }
        return { kind: 'ack', ack: { ...outcome.ack, headers } }
      }
    }
  }

  function carryOut(effect: ServerEffect, sessionId: string | null): void {
    if (effect === 'restart') sessions.clear()
    else if (sessionId !== null) sessions.delete(sessionId)
  }

  /** The realm a challenge names: the configured one, or the host, as IIS defaults it. */
  const realm = () => options.auth?.realm ?? options.base.host

  function answer(
    envelope: WholeEnvelope,
    request: Target,
    origin: string,
  ): Answer | Promise<Answer> {
    // IIS authenticates a request to the virtual directory before the BITS extension sees it.
    // @see W32: "BITS Authentication"; RFC 9110 §11.6.1
    if (options.auth && envelope !== NOT_FOUND && !hasCredentials(request, options.auth)) {
      return { kind: 'ack', ack: challengeAck(options.auth.realm, sessionIdOf(envelope)) }
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
      case 'packet': {
        const { packet } = envelope
        // BITSUploadEnabled off: every packet is refused, but Ping "MUST" still get 200 (§3.2.5.2.5).
        if (!options.uploadEnabled && packet.type !== 'Ping') {
          const error = WireErrors.UploadsDisabled
          const refused = packet.sessionId
            ? sessionAck(packet.sessionId, { error })
            : ack({ error })
          return { kind: 'ack', ack: refused }
        }
        const result = processPacket(packet, server, origin)
        return result instanceof Promise
          ? result.then((done) => ({ kind: 'ack', ack: done }))
          : { kind: 'ack', ack: result }
      }
    }
  }

  /** Completes the entry once, from the outcome and what the exchange found. */
  function record(entry: JournalEntry, outcome: Outcome, findings: Findings): Outcome {
    const done = { time: options.clock.now(), answer: entryAnswer(outcome), ...findings }
    journal[write].complete(entry, done)
    return outcome
  }

  function subjectOf(entry: JournalEntry, name: string) {
    return {
      kind: entry.kind,
      packet: entry.packet,
      name,
      sessionId: entry.sessionId,
      sessionOrdinal: entry.sessionId === null ? undefined : sessions.ordinalOf(entry.sessionId),
      range: entry.range,
    }
  }

  const render = (outcome: Exclude<Outcome, { kind: 'unanswered' }>) =>
    renderOutcome(outcome, options.errorHeaders)

  async function handle(request: Request): Promise<Response> {
    const outcome = await exchange(fromFetchRequest(request))
    if (outcome.kind !== 'unanswered') return render(outcome)
    // Nothing to answer: a hang holds the fetch open until the client aborts it. The fetch has
    // failed by then whatever this returns; resolving (not rejecting) keeps MSW from reporting
    // an unhandled exception, and nothing is left waiting.
    await untilAborted(request.signal)
    return Response.error()
  }

  return {
    handle,
    exchange,
    render,
    uploads,
    sessions,
    journal,
    faults,
    options,
    reset() {
      sessions.reset()
      uploads.clear()
      journal[write].clear()
      faults.reset()
    },
  }
}

/** A plain answer with no BITS headers: what a web server or an intermediary sends on its own. */
function plainAnswer(status: number, extra: Readonly<Record<string, string>> = {}): Response {
  return new Response(null, { status, headers: { [Header.ContentLength]: '0', ...extra } })
}

/** What the journal records of an outcome. */
function entryAnswer(outcome: Outcome): EntryAnswer {
  switch (outcome.kind) {
    case 'ack':
      return { ack: outcome.ack }
    case 'response':
      return { status: outcome.response.status }
    case 'transport':
      return outcome.effect === 'slow-close'
        ? entryAnswer(outcome.answer)
        : { unanswered: outcome.effect }
    case 'unanswered':
      return { unanswered: outcome.reason }
  }
}

/** What the journal shows of a request on arrival, from its head. */
function headFacts(head: Head): Pick<EntryArrival, 'kind' | 'packet' | 'sessionId' | 'range'> {
  if (head.kind !== 'packet') return { kind: head.kind, packet: null, sessionId: null, range: null }
  return { kind: 'packet', packet: head.type, sessionId: head.sessionId, range: head.range }
}

/** What the journal is told beside the outcome, found as the exchange goes. */
type Findings = Omit<EntryCompletion, 'time' | 'answer'>

/**
 * What reading the body adds: its length, and for a malformed packet the range only when it was
 * checked (type and session came from the head, {@link headFacts}).
 */
function describe(findings: Findings, envelope: Envelope): void {
  if (envelope.kind === 'packet') {
    if (envelope.packet.type === 'Fragment') findings.bodyLength = envelope.packet.body.byteLength
  } else if (envelope.kind === 'malformed' || envelope.kind === 'unread') {
    findings.range = envelope.range
    findings.bodyLength = envelope.bodyLength
  }
}

/** The session a request names, if it is a packet (well-formed or not). */
function sessionIdOf(envelope: Envelope): string | null {
  if (envelope.kind === 'packet') return envelope.packet.sessionId
  return envelope.kind === 'malformed' ? envelope.sessionId : null
}

/** A fault rule's `acceptBytes`: the server sees only the first N bytes of the fragment. */
function applyChange(envelope: WholeEnvelope, change: PacketChange | undefined): WholeEnvelope {
  const accept = change?.acceptBytes
  if (accept === undefined || envelope.kind !== 'packet') return envelope
  const { packet } = envelope
  if (packet.type !== 'Fragment' || accept >= packet.body.byteLength) return envelope
  const { range } = packet
  return {
    kind: 'packet',
    packet: {
      ...packet,
      range: { ...range, last: range.first + accept - 1 },
      body: sliceBody(packet.body, 0, accept),
    },
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
