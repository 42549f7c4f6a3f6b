import type { FaultAction, FaultDecision, PacketChange, ServerEffect } from '../faults/index.js'
import { HResult } from '../protocol/index.js'
import { sleepUnlessAborted } from '../shared/clock.js'
import { answer, plainAnswer, type WholeEnvelope } from './answer.js'
import { challengeAck } from './basic-auth.js'
import type { EngineState, Exchange } from './engine-state.js'
import { type Answer, type Outcome, statusOf } from './outcome.js'
import { sliceBody } from './read-body.js'

export const HANG: Outcome = { kind: 'unanswered', reason: 'hang' }
const ABORTED: Outcome = { kind: 'unanswered', reason: 'aborted' }
/** A rule's reset after N body bytes: nothing of the fragment was processed. */
const CUT_RESET: Outcome = { kind: 'transport', effect: 'reset', answer: null }

/** A body that did not arrive whole: the client is gone, or a rule cut it and resets. */
export async function unread(
  exchange: Exchange,
  end: 'gone' | 'cut',
  decision: FaultDecision | null,
): Promise<Outcome> {
  if (end === 'gone' || !decision) return ABORTED
  return (await delay(exchange, decision)) ? CUT_RESET : ABORTED
}

/**
 * Carries out a fault rule on a request that arrived whole: with timing `after` the server
 * processes it first (the journal keeps the status it answered), then the rule's delay, then
 * its action replaces or adds to what the client sees.
 */
export async function withFault(
  exchange: Exchange,
  decision: FaultDecision,
  envelope: WholeEnvelope,
): Promise<Outcome> {
  const { state, target, origin, findings } = exchange
  const process = () => answer(state, applyChange(envelope, decision.change), target, origin)
  // Timing "after": the server processes the packet, then what the client sees is replaced
  // (a slow close always has it: the answer goes out, the close comes late).
  const processed = decision.timing === 'after' ? await process() : null
  if (processed) findings.fault = { ...decision.record, serverStatus: statusOf(processed) }
  if (!(await delay(exchange, decision))) return ABORTED
  return act(exchange, decision.action, processed, process)
}

/** Waits the rule's `delayMs`; `false` when the client went away meanwhile. */
async function delay({ state, request }: Exchange, { delayMs }: FaultDecision): Promise<boolean> {
  return delayMs <= 0 || sleepUnlessAborted(state.options.clock, delayMs, request.signal())
}

/** What the client sees of a rule's action; `processed` is the server's answer with `after`. */
async function act(
  { state, entry }: Exchange,
  action: FaultAction,
  processed: Answer | null,
  process: () => Answer | Promise<Answer>,
): Promise<Outcome> {
  switch (action.kind) {
    case 'respond':
      // What the server says and does agree: an Ack saying the session is gone forgets it.
      if (action.ack.error?.hresult === HResult.BG_E_SESSION_NOT_FOUND && entry.sessionId)
        state.sessions.delete(entry.sessionId)
      return { kind: 'ack', ack: action.ack }
    case 'intermediary':
      return { kind: 'response', response: plainAnswer(action.status, action.headers) }
    case 'transport':
      return { kind: 'transport', effect: action.effect, answer: processed }
    case 'slow-close': {
      const answer = processed ?? (await process())
      return { kind: 'transport', effect: 'slow-close', answer, durationMs: action.durationMs }
    }
    case 'shape':
      return { kind: 'transport', answer: processed ?? (await process()), ...action.shape }
    case 'challenge':
      return { kind: 'ack', ack: challengeAck(realm(state), entry.sessionId) }
    case 'hang':
      return HANG
    case 'effect': {
      // After Create-Session the session is the one its Ack just issued.
      const issued = processed?.kind === 'ack' ? processed.ack.sessionId : undefined
      carryOut(state, action.effect, entry.sessionId ?? issued ?? null)
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

function carryOut(state: EngineState, effect: ServerEffect, sessionId: string | null): void {
  if (effect === 'restart') state.sessions.clear()
  else if (sessionId !== null) state.sessions.delete(sessionId)
}

/** The realm a challenge names: the configured one, or the host, as IIS defaults it. */
function realm({ options }: EngineState): string {
  return options.auth?.realm ?? options.base.host
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
