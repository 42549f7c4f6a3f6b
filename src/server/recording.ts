import type { EntryAnswer, EntryCompletion, JournalEntry } from '../journal/index.js'
import { write } from '../journal/journal.js'
import { authSchemeOf } from './basic-auth.js'
import type { EngineState } from './engine-state.js'
import type { Envelope, Head } from './envelope.js'
import { answersWhole, type Outcome } from './outcome.js'
import type { Arrival, WireRequest } from './wire-request.js'

/** What the journal is told beside the outcome, found as the exchange goes. */
export type Findings = Omit<EntryCompletion, 'time' | 'answer'>

/** Opens the journal entry of a request that just arrived, described from its head. */
export function openRecord(
  state: EngineState,
  wire: WireRequest,
  request: Arrival,
  head: Head,
): JournalEntry {
  const facts =
    head.kind === 'packet'
      ? { kind: head.kind, packet: head.type, sessionId: head.sessionId, range: head.range }
      : { kind: head.kind, packet: null, sessionId: null, range: null }
  return state.journal[write].open({
    time: state.options.clock.now(),
    method: wire.method,
    url: wire.url,
    authScheme: authSchemeOf(request),
    ...facts,
  })
}

/** Completes the entry once, from the outcome and what the exchange found; returns the outcome. */
export function record(
  state: EngineState,
  entry: JournalEntry,
  outcome: Outcome,
  findings: Findings,
): Outcome {
  const done = { time: state.options.clock.now(), answer: entryAnswer(outcome), ...findings }
  state.journal[write].complete(entry, done)
  return outcome
}

/** The client gave up on a hang: the journal says when. */
export function recordAbandoned(state: EngineState, entry: JournalEntry): void {
  state.journal[write].abandon(entry, state.options.clock.now())
}

/**
 * What reading the body adds: its length, and for a malformed packet the range only when it was
 * checked (type and session came from the head, {@link openRecord}).
 */
export function describeBody(findings: Findings, envelope: Envelope): void {
  if (envelope.kind === 'packet') {
    if (envelope.packet.type === 'Fragment') findings.bodyLength = envelope.packet.body.byteLength
  } else if (envelope.kind === 'malformed' || envelope.kind === 'unread') {
    findings.range = envelope.range
    findings.bodyLength = envelope.bodyLength
  }
}

/** What the journal records of an outcome. */
function entryAnswer(outcome: Outcome): EntryAnswer {
  switch (outcome.kind) {
    case 'ack':
      return { ack: outcome.ack }
    case 'response':
      return { status: outcome.response.status }
    case 'transport':
      return answersWhole(outcome) ? entryAnswer(outcome.answer) : { unanswered: outcome.effect }
    case 'unanswered':
      return { unanswered: outcome.reason }
  }
}
