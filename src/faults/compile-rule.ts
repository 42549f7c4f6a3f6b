import { minimatch } from 'minimatch'
import {
  BitsErrorContext,
  HResult,
  type HResultName,
  httpErrorHResult,
  type WireError,
} from '../protocol/index.js'
import type { FaultSubject } from './fault-subject.js'
import { CONTEXT_BY_NAME, type FaultRule } from './plan-schema.js'

/** What a rule does once it acts. */
export type FaultAction =
  | { kind: 'respond'; error: WireError; headers: Record<string, string> }
  | { kind: 'effect'; effect: NonNullable<FaultRule['effect']> }
  | { kind: 'pass' }

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
  readonly acceptBytes: number | null
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
    times:
      rule.times === 'always' || (rule.times === undefined && rule.probability !== undefined)
        ? Number.POSITIVE_INFINITY
        : (rule.times ?? 1),
    probability: rule.probability ?? null,
    timing: rule.timing ?? 'before',
    action: actionOf(rule),
    delayMs: rule.delayMs ?? 0,
    acceptBytes: rule.acceptBytes ?? null,
    seen: 0,
    acted: 0,
  }
}

/** A short description for the journal: `respond 503 BG_E_HTTP_ERROR_503`, `network-error`, … */
export function describeAction(rule: CompiledRule): string {
  const parts: string[] = []
  if (rule.action.kind === 'respond') parts.push(`respond ${rule.action.error.status}`)
  if (rule.action.kind === 'effect') parts.push(rule.action.effect)
  if (rule.acceptBytes !== null) parts.push(`accept ${rule.acceptBytes} bytes`)
  if (rule.delayMs > 0) parts.push(`delay ${rule.delayMs}ms`)
  return parts.join(', ')
}

function matcher(rule: FaultRule): (subject: FaultSubject) => boolean {
  const targets = rule.packet === undefined ? null : new Set<string>([rule.packet].flat())
  const session = typeof rule.session === 'string' ? rule.session.toUpperCase() : rule.session
  const { path, offset } = rule
  return (subject) => {
    // Without `packet` a rule acts on what the BITS server answers (packets and reply downloads),
    // never on what it only refuses as not BITS (404, 405, 501): those never reach a BITS server.
    if (targets === null && subject.kind === 'other') return false
    if (targets !== null && !targets.has(targetOf(subject) ?? '')) return false
    if (path !== undefined && !minimatch(subject.name, path, { dot: true })) return false
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
  if (rule.effect !== undefined) return { kind: 'effect', effect: rule.effect }
  if (rule.respond === undefined) return { kind: 'pass' }
  const { status, error, context, headers = {} } = rule.respond
  return {
    kind: 'respond',
    headers,
    error: {
      status,
      hresult: error === undefined ? httpErrorHResult(status) : toHResult(error),
      context: context === undefined ? BitsErrorContext.REMOTE_FILE : toContext(context),
    },
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
