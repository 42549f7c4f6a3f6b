import { FaultEngine, type FaultsApi } from '../faults/index.js'
import { Journal } from '../journal/index.js'
import { write } from '../journal/journal.js'
import { untilAborted } from '../shared/clock.js'
import type { EngineState } from './engine-state.js'
import { type ExchangeOptions, exchange } from './exchange.js'
import { type BitsServerOptions, type ResolvedOptions, resolveOptions } from './options.js'
import { type Outcome, renderOutcome } from './outcome.js'
import { type SessionsView, SessionTable } from './session-table.js'
import { UploadRegistry, type UploadsView } from './uploads.js'
import { fromFetchRequest, type WireRequest } from './wire-request.js'

export type { ExchangeOptions } from './exchange.js'

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

/** Creates the engine; {@link createBitsServer} wraps it with MSW handlers. */
export function createBitsEngine(input: BitsServerOptions): BitsEngine {
  const state = engineState(resolveOptions(input))
  const { options, sessions, uploads, journal, faults } = state
  const render = (outcome: Exclude<Outcome, { kind: 'unanswered' }>) =>
    renderOutcome(outcome, options.errorHeaders)
  return {
    handle: (request) => handle(state, request, render),
    exchange: (wire, host) => exchange(state, wire, host),
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

/** A new server's sessions, uploads, journal and fault plan. */
function engineState(options: ResolvedOptions): EngineState {
  const sessions = new SessionTable(
    options.store,
    options.clock,
    options.sessionTimeout * 1000,
    options.seed,
  )
  const journal = new Journal(options.seed, options.seed, options.journalLimit)
  const faults = new FaultEngine({
    seed: options.seed,
    initial: options.faults,
    onSeed: (seed) => {
      journal.seed = seed
    },
  })
  return { options, sessions, uploads: new UploadRegistry(), journal, faults }
}

/** The Fetch entry: a `Request` in, a `Response` out. */
async function handle(
  state: EngineState,
  request: Request,
  render: BitsEngine['render'],
): Promise<Response> {
  const outcome = await exchange(state, fromFetchRequest(request))
  if (outcome.kind !== 'unanswered') return render(outcome)
  // Nothing to answer: a hang holds the fetch open until the client aborts it. The fetch has
  // failed by then whatever this returns; resolving (not rejecting) keeps MSW from reporting
  // an unhandled exception, and nothing is left waiting.
  await untilAborted(request.signal)
  return Response.error()
}
