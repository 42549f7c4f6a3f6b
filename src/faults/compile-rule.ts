import zeptomatch from 'zeptomatch'
import {
  type Ack,
  ackWithHeaders,
  BitsErrorContext,
  HResult,
  type HResultName,
  httpErrorHResult,
  type WireError,
} from '../protocol/index.js'
import type { FaultSubject } from './fault-subject.js'
import {
  CONTEXT_BY_NAME,
  canonicalEffect,
  type FaultRule,
  type TRANSPORT_EFFECTS,
} from './plan-schema.js'
import { scriptedTimes } from './rule-progress.js'

/**
 * What a transport fault does to the connection. In-process hosts (MSW) can only fail the fetch,
 * so every one is a network error there; a socket host carries out each on the real socket.
 * Named as Toxiproxy names its toxics where it has one.
 * @example
 *   import type { TransportEffect } from 'msw-bits'
 *
 *   // On the loopback server (startBitsServer from 'msw-bits/node'): a TCP RST on the socket.
 *   const effect: TransportEffect = 'reset'
 *   srv.bits.faults.add({ packet: 'Fragment', effect })
 */
export type TransportEffect = 'network-error' | (typeof TRANSPORT_EFFECTS)[number]

/**
 * How Toxiproxy's `slicer` cuts an answer: pieces of `averageSize` ± `sizeVariation` bytes,
 * `delayUs` microseconds apart; `seed` draws the sizes, from the plan's seed, so a run replays.
 * @example
 *   import type { Slicing } from 'msw-bits'
 *
 *   // { "effect": "slicer", "averageSize": 16, "sizeVariation": 4, "sliceDelayUs": 2000 } acts as
 *   const slicing: Slicing = { averageSize: 16, sizeVariation: 4, delayUs: 2000, seed: 1234 }
 */
export interface Slicing {
  readonly averageSize: number
  readonly sizeVariation: number
  readonly delayUs: number
  readonly seed: number
}

/**
 * Transport effects whose answer does go out, shaped on the way: `slicer` writes it in pieces
 * (then closes), `limit_data` writes its first `bytes` bytes, then closes (Toxiproxy's toxics).
 * @example
 *   import type { AnswerShape } from 'msw-bits'
 *
 *   // A socket host: what part of the answer to write before it closes.
 *   const outcome = await bits.exchange(request)
 *   if (outcome.kind === 'transport' && outcome.effect === 'limit_data') {
 *     const shape: AnswerShape = outcome
 *     console.log(`write ${shape.effect === 'limit_data' ? shape.bytes : 'all'} bytes, then close`)
 *   }
 */
export type AnswerShape =
  | { readonly effect: 'slicer'; readonly slicing: Slicing }
  | { readonly effect: 'limit_data'; readonly bytes: number }

/** Transport effects after which the server's answer still goes out, in whole or in part. */
export type ShapedEffect = 'slow-close' | AnswerShape['effect']

/**
 * How the engine reads a request body a rule slows or cuts, as data (Toxiproxy's `bandwidth`,
 * `timeout` and `limit_data` toxics, on the request side):
 * - `stall`: after `afterBytes` bytes, read nothing for `durationMs` (`null`: until the client
 *   goes away), then read on;
 * - `bandwidth`: read at most `bytesPerSecond` bytes per second;
 * - `cut`: read `afterBytes` bytes and no more (a reset follows).
 */
export type BodyPace =
  | { kind: 'stall'; afterBytes: number; durationMs: number | null }
  | { kind: 'bandwidth'; bytesPerSecond: number }
  | { kind: 'cut'; afterBytes: number }

/** A fault effect that changes the server itself; the server's own answer still goes out. */
export type ServerEffect = 'expire-session' | 'restart'

/**
 * What a rule does once it acts, as data: the engine carries it out, the fault engine never renders.
 * - `pass`: nothing but the rule's delay, `acceptBytes`, and `headers` added to the server's own Ack;
 * - `respond`: this Ack replaces the answer;
 * - `intermediary`: a plain answer with no BITS headers replaces it, as HTTP.sys, a proxy or a load
 *   balancer sends one before the request reaches BITS;
 * - `effect`: the server forgets a session or every session, and answers as it would;
 * - `challenge`: 401 with the server's Basic challenge, credentials or not (re-authentication);
 * - `hang`: no answer at all;
 * - `transport`: the connection fails this way instead of answering;
 * - `slow-close`: the server answers as usual, then closes the connection `durationMs` late;
 * - `shape`: the server's own answer goes out in pieces, or cut short (`slicer`, `limit_data`).
 */
export type FaultAction =
  | { kind: 'pass'; headers?: Readonly<Record<string, string>> }
  | { kind: 'respond'; ack: Ack }
  | { kind: 'intermediary'; status: number; headers: Readonly<Record<string, string>> }
  | { kind: 'effect'; effect: ServerEffect }
  | { kind: 'challenge' }
  | { kind: 'hang' }
  | { kind: 'transport'; effect: Exclude<TransportEffect, ShapedEffect> }
  | { kind: 'slow-close'; durationMs: number }
  | { kind: 'shape'; shape: AnswerShape }

/** A validated rule, ready to match, with its counters. */
export interface CompiledRule {
  readonly index: number
  readonly label: string
  readonly source: FaultRule
  readonly matches: (subject: FaultSubject) => boolean
  readonly after: number
  readonly times: number
  readonly probability: number | null
  readonly timing: 'before' | 'after'
  readonly action: FaultAction
  readonly delayMs: number
  /** How far `delayMs` varies either way, in ms (Toxiproxy's latency `jitter`; 0: not at all). */
  readonly jitterMs: number
  readonly acceptBytes: number | null
  /** How the body is read, when the rule slows or cuts it. */
  readonly pace: BodyPace | null
  /** Matching packets seen so far. */
  seen: number
  /** Packets acted on so far. */
  acted: number
}

/** Turns a validated rule into matcher, window and action. */
export function compileRule(rule: FaultRule, index: number): CompiledRule {
  return {
    index,
    label: rule.name ?? `rule #${index + 1}`,
    source: rule,
    matches: matcher(rule),
    after: rule.after ?? 0,
    times: scriptedTimes(rule),
    probability: rule.probability ?? null,
    // A slow close, a slicer, a limit follow the server's own answer: the packet is processed.
    timing: shapesAnswer(rule) ? 'after' : (rule.timing ?? 'before'),
    action: actionOf(rule),
    delayMs: rule.delayMs ?? 0,
    jitterMs: rule.jitterMs ?? 0,
    acceptBytes: rule.acceptBytes ?? null,
    pace: paceOf(rule),
    seen: 0,
    acted: 0,
  }
}

/** A short description for the journal: `respond 503 BG_E_HTTP_ERROR_503`, `network-error`, … */
export function describeAction(rule: CompiledRule): string {
  const parts: string[] = []
  const { action } = rule
  if (action.kind === 'respond') parts.push(`respond ${action.ack.status}`)
  if (action.kind === 'intermediary') parts.push(`respond ${action.status} (intermediary)`)
  const { pace } = rule
  if (action.kind === 'effect') parts.push(action.effect)
  if (action.kind === 'transport') {
    parts.push(
      pace?.kind === 'cut' ? `${action.effect} after ${pace.afterBytes} bytes` : action.effect,
    )
  }
  if (action.kind === 'slow-close') parts.push(`slow-close ${action.durationMs}ms`)
  if (action.kind === 'shape') parts.push(describeShape(action.shape))
  if (pace?.kind === 'stall') {
    const span = pace.durationMs === null ? 'for good' : `${pace.durationMs}ms`
    parts.push(`stall after ${pace.afterBytes} bytes ${span}`)
  }
  if (pace?.kind === 'bandwidth') parts.push(`bandwidth ${pace.bytesPerSecond} B/s`)
  if (action.kind === 'pass' && action.headers)
    parts.push(`add ${Object.keys(action.headers).join(', ')}`)
  if (action.kind === 'hang') parts.push('hang')
  if (action.kind === 'challenge') parts.push('reauthenticate')
  if (rule.acceptBytes !== null) parts.push(`accept ${rule.acceptBytes} bytes`)
  if (rule.delayMs > 0) {
    parts.push(`delay ${rule.delayMs}${rule.jitterMs > 0 ? `±${rule.jitterMs}` : ''}ms`)
  }
  return parts.join(', ')
}

function describeShape(shape: AnswerShape): string {
  if (shape.effect === 'limit_data') return `limit_data ${shape.bytes} bytes`
  const { averageSize, sizeVariation, delayUs } = shape.slicing
  return `slicer ${averageSize}±${sizeVariation} bytes every ${delayUs}µs`
}

/** Whether the rule acts on the server's own answer, so the packet is always processed. */
function shapesAnswer(rule: FaultRule): boolean {
  const effect = rule.effect === undefined ? undefined : canonicalEffect(rule.effect)
  return effect === 'slow-close' || effect === 'slicer' || effect === 'limit_data'
}

function matcher(rule: FaultRule): (subject: FaultSubject) => boolean {
  const targets = rule.packet === undefined ? null : new Set<string>([rule.packet].flat())
  const session = typeof rule.session === 'string' ? rule.session.toUpperCase() : rule.session
  const { offset } = rule
  // Compiled once per rule: compiling on every packet made 1,000 path rules cost 95× no rules.
  // zeptomatch's `*` matches dot-files too, as a rule on `logs/*` means them.
  const glob = rule.path === undefined ? null : zeptomatch.compile(rule.path)
  return (subject) => {
    // Without `packet` a rule acts on what the BITS server answers (packets and reply downloads),
    // never on what it only refuses as not BITS (404, 405, 501): those never reach a BITS server.
    if (targets === null && subject.kind === 'other') return false
    if (targets !== null && !targets.has(targetOf(subject) ?? '')) return false
    if (glob !== null && !glob.test(subject.name)) return false
    if (typeof session === 'number' && subject.sessionOrdinal !== session) return false
    if (typeof session === 'string' && subject.sessionId?.toUpperCase() !== session) return false
    if (offset !== undefined) {
      const range = subject.range
      if (range === null) return false
      const byte = offset === 'last' ? range.total - 1 : offset
      if (byte < range.first || byte > range.last) return false
    }
    return true
  }
}

function targetOf(subject: FaultSubject): string | null {
  return subject.kind === 'reply' ? 'Reply-Download' : subject.packet
}

function actionOf(rule: FaultRule): FaultAction {
  const effect = rule.effect === undefined ? undefined : canonicalEffect(rule.effect)
  switch (effect) {
    case undefined:
    case 'latency':
      break
    case 'expire-session':
    case 'restart':
      return { kind: 'effect', effect }
    case 'hang':
      return { kind: 'hang' }
    case 'reauthenticate':
      return { kind: 'challenge' }
    case 'slow-close':
      return { kind: 'slow-close', durationMs: rule.durationMs ?? 0 }
    case 'stall':
    case 'bandwidth':
      // The body is read slowly (see paceOf); then the server answers as usual.
      return { kind: 'pass' }
    case 'slicer':
    case 'limit_data':
      return { kind: 'shape', shape: shapeOf(rule) }
    default:
      return { kind: 'transport', effect }
  }
  if (rule.respond === undefined) {
    return rule.headers === undefined ? { kind: 'pass' } : { kind: 'pass', headers: rule.headers }
  }
  const { status, error, context, headers, from } = rule.respond
  if (from === 'intermediary') return { kind: 'intermediary', status, headers: headers ?? {} }
  // A bare status gets no BITS-Error-Code: no server sends BG_E_HTTP_ERROR_<status>, the Windows
  // client derives it from the status. With a context it is the error of that party, as the
  // engine answers the server application's own errors (context 0x7).
  if (error === undefined && context === undefined) {
    return { kind: 'respond', ack: ackWithHeaders({ status }, headers ?? {}) }
  }
  const wireError: WireError = {
    status,
    hresult: error === undefined ? httpErrorHResult(status) : toHResult(error),
    context: context === undefined ? BitsErrorContext.REMOTE_FILE : toContext(context),
  }
  return { kind: 'respond', ack: ackWithHeaders({ status, error: wireError }, headers ?? {}) }
}

/** The shape of a `slicer` or `limit_data` rule; the slicer's seed is drawn when it acts. */
function shapeOf(rule: FaultRule): AnswerShape {
  if (canonicalEffect(rule.effect ?? '') === 'limit_data') {
    return { effect: 'limit_data', bytes: rule.limitBytes ?? 0 }
  }
  const slicing = {
    averageSize: rule.averageSize ?? 1,
    sizeVariation: rule.sizeVariation ?? 0,
    delayUs: rule.sliceDelayUs ?? 0,
    seed: 0,
  }
  return { effect: 'slicer', slicing }
}

function paceOf(rule: FaultRule): BodyPace | null {
  switch (rule.effect === undefined ? undefined : canonicalEffect(rule.effect)) {
    case 'stall':
      return {
        kind: 'stall',
        afterBytes: rule.afterBytes ?? 0,
        durationMs: rule.durationMs ?? null,
      }
    case 'bandwidth':
      return { kind: 'bandwidth', bytesPerSecond: rule.bytesPerSecond ?? Number.POSITIVE_INFINITY }
    case 'reset':
      return rule.afterBytes === undefined ? null : { kind: 'cut', afterBytes: rule.afterBytes }
    default:
      return null
  }
}

function toHResult(value: string | number): number {
  if (typeof value === 'number') return value >>> 0
  if (value in HResult) return HResult[value as HResultName]
  const http = /^BG_E_HTTP_ERROR_(\d{3})$/.exec(value)
  if (http) return httpErrorHResult(Number(http[1]))
  return Number.parseInt(value.slice(2), 16) >>> 0
}

function toContext(value: string | number): number {
  if (typeof value === 'number') return value
  return CONTEXT_BY_NAME.get(value) ?? Number.parseInt(value.slice(2), 16)
}
