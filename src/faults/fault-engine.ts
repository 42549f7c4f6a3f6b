import type { FaultRecord } from '../journal/index.js'
import { ack, type ErrorHeaderStyle, Header } from '../protocol/index.js'
import type { Clock } from '../shared/clock.js'
import { type Random, seededRandom } from '../shared/random.js'
import { type CompiledRule, compileRule, describeAction } from './compile-rule.js'
import type { FaultSubject, PacketChange, ServerControl } from './fault-subject.js'
import type { FaultPlan, FaultRule } from './plan-schema.js'

type Effect = NonNullable<FaultRule['effect']>

import { validatePlan, validateRule } from './validate.js'

/** A rule that has not done all it was scripted to do, as {@link FaultsApi.pending} lists them. */
export interface PendingRule {
  /** 0-based position in the plan. */
  index: number
  /** The rule's name, or `rule #<n>`. */
  name: string
  rule: FaultRule
  /** Matching packets seen. */
  seen: number
  /** Packets acted on. */
  acted: number
  /** Packets it was to act on (`Infinity` for `"always"`). */
  times: number
}

/** The fault plan of a server, as `bits.faults` exposes it. */
export interface FaultsApi {
  /**
   * Replaces the active plan and restarts every counter and the random draws from its seed.
   * @throws {BitsUsageError} `INVALID_PLAN`, naming the bad field (`plan.rules[1].times: …`)
   */
  use(plan: FaultPlan): void
  /** Appends one rule to the active plan. @throws {BitsUsageError} `INVALID_PLAN` */
  add(rule: FaultRule): void
  /** Removes every rule. */
  clear(): void
  /**
   * Rules that have not acted as often as scripted (a numeric `times` not reached, or an
   * `"always"`/probability rule that never acted), so a test can fail when a burst never happened.
   */
  pending(): PendingRule[]
  /** The active plan, as given (rules added with `add` included). */
  readonly plan: FaultPlan
}

const never = new Promise<Response>(() => {})

interface FaultEngineInit {
  /** Seed for plans without one. */
  seed: number
  clock: Clock
  control: ServerControl
  errorHeaders: ErrorHeaderStyle
  /** Called with the seed in force whenever it changes, so the journal can show it. */
  onSeed: (seed: number) => void
  /** The plan given at creation, restored by `reset()`. */
  initial?: FaultPlan
}

/**
 * Decides, for every request, whether a rule acts, and carries out what it does.
 * Counting is per rule over the packets it matches; the first rule in plan order that acts wins.
 */
export class FaultEngine implements FaultsApi {
  private rules: CompiledRule[] = []
  private current: FaultPlan = { rules: [] }
  private random: Random

  constructor(private readonly init: FaultEngineInit) {
    this.random = seededRandom(init.seed)
    this.use(init.initial ?? { rules: [] }, 'faults')
  }

  get plan(): FaultPlan {
    return this.current
  }

  use(plan: FaultPlan, where = 'plan'): void {
    const valid = validatePlan(plan, where)
    this.current = { ...valid, rules: [...valid.rules] }
    this.rules = valid.rules.map(compileRule)
    const seed = valid.seed ?? this.init.seed
    this.random = seededRandom(seed)
    this.init.onSeed(seed)
  }

  add(rule: FaultRule): void {
    validateRule(rule)
    this.current.rules.push(rule)
    this.rules.push(compileRule(rule, this.rules.length))
  }

  clear(): void {
    this.current = { ...this.current, rules: [] }
    this.rules = []
  }

  pending(): PendingRule[] {
    return this.rules
      .filter(
        (rule) => rule.acted < rule.times && (Number.isFinite(rule.times) || rule.acted === 0),
      )
      .map(({ index, label, source, seen, acted, times }) => ({
        index,
        name: label,
        rule: source,
        seen,
        acted,
        times,
      }))
  }

  /** Back to the plan given at creation, counters and draws restarted. */
  reset(): void {
    this.use(this.init.initial ?? { rules: [] }, 'faults')
  }

  /**
   * Runs one request through the plan.
   * @param proceed lets the server process the request (with a rule's changes)
   * @param onFault told which rule acted, before any answer (a hang never answers)
   */
  async run(
    subject: FaultSubject,
    proceed: (change?: PacketChange) => Promise<Response>,
    onFault: (fault: FaultRecord) => void,
  ): Promise<Response> {
    const rule = this.pick(subject)
    if (!rule) return proceed()
    const record: FaultRecord = {
      rule: rule.label,
      index: rule.index,
      timing: rule.timing,
      action: describeAction(rule),
    }
    onFault(record)
    const change = rule.acceptBytes === null ? undefined : { acceptBytes: rule.acceptBytes }
    const { action } = rule

    if (rule.timing === 'before') {
      if (rule.delayMs > 0) await this.init.clock.sleep(rule.delayMs)
      if (action.kind === 'respond') return this.errorAck(action, subject)
      const replaced = action.kind === 'effect' ? this.carryOut(action.effect, subject) : null
      return replaced ?? proceed(change)
    }

    // timing "after": the server processes the packet, then what the client sees is replaced.
    const processed = await proceed(change)
    record.serverStatus = processed.status
    if (rule.delayMs > 0) await this.init.clock.sleep(rule.delayMs)
    if (action.kind === 'respond') return this.errorAck(action, subject)
    const replaced = action.kind === 'effect' ? this.carryOut(action.effect, subject) : null
    return replaced ?? processed
  }

  /**
   * Does what an effect does to the server, and returns what replaces the answer: a network error,
   * a hang, or `null` to let the server's own answer through (expire-session and restart change
   * the server, not the answer).
   */
  private carryOut(effect: Effect, subject: FaultSubject): Promise<Response> | null {
    switch (effect) {
      case 'expire-session':
        if (subject.sessionId !== null) this.init.control.expireSession(subject.sessionId)
        return null
      case 'restart':
        this.init.control.restart()
        return null
      case 'hang':
        return never
      default:
        // network-error, and the loopback server's TCP faults, which in-process are one.
        return Promise.resolve(Response.error())
    }
  }

  /** The rule that acts on this request, counting it for every rule it matches. */
  private pick(subject: FaultSubject): CompiledRule | undefined {
    let acting: CompiledRule | undefined
    for (const rule of this.rules) {
      if (!rule.matches(subject)) continue
      rule.seen++
      if (acting || rule.seen <= rule.after || rule.acted >= rule.times) continue
      if (rule.probability !== null && !(this.random.float() < rule.probability)) continue
      rule.acted++
      acting = rule
    }
    return acting
  }

  private errorAck(
    action: Extract<CompiledRule['action'], { kind: 'respond' }>,
    subject: FaultSubject,
  ): Response {
    const headers = { ...action.headers }
    if (subject.sessionId !== null) headers[Header.SessionId] ??= subject.sessionId
    return ack({ error: action.error, headers, errorHeaders: this.init.errorHeaders })
  }
}
