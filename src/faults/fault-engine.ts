import type { FaultRecord } from '../journal/index.js'
import { type Random, seededRandom } from '../shared/random.js'
import {
  type BodyPace,
  type CompiledRule,
  compileRule,
  describeAction,
  type FaultAction,
} from './compile-rule.js'
import type { FaultSubject, PacketChange } from './fault-subject.js'
import { PendingFaultsError } from './pending-table.js'
import type { FaultPlan, FaultRule } from './plan-schema.js'
import { validatePlan, validateRule } from './validate.js'

/**
 * A rule that has not done all it was scripted to do, as {@link FaultsApi.pending} lists them.
 * @example
 *   import type { PendingRule } from 'msw-bits'
 *
 *   const pending: PendingRule[] = bits.faults.pending()
 *   for (const { name, seen, acted, times } of pending) console.log(`${name}: acted ${acted}/${times}, saw ${seen}`)
 */
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

/**
 * The fault plan of a server, as `bits.faults` exposes it.
 * @see DESIGN.md "Fault plans"; [MC-BUP] §3.1.5.2 (what the client must survive)
 * @example
 *   import type { FaultsApi } from 'msw-bits'
 *
 *   const faults: FaultsApi = bits.faults
 *   faults.use({ rules: [{ packet: 'Close-Session', times: 2, respond: { status: 503 } }] })
 *   // … upload with your client, then:
 *   faults.assertNoPending()
 */
export interface FaultsApi {
  /**
   * Replaces the active plan and restarts every counter and the random draws from its seed.
   * It lasts until `bits.reset()`, which puts back the plan given at creation.
   * @throws {BitsUsageError} `INVALID_PLAN`, naming the bad field (`plan.rules[1].times: …`)
   * @example
   *   bits.faults.use({
   *     seed: 7,
   *     rules: [{ name: '503 burst', packet: 'Fragment', after: 1, times: 3, respond: { status: 503 } }],
   *   })
   */
  use(plan: FaultPlan): void
  /**
   * Appends one rule to the active plan. @throws {BitsUsageError} `INVALID_PLAN`
   * @example
   *   bits.faults.add({ packet: 'Close-Session', effect: 'network-error' })
   */
  add(rule: FaultRule): void
  /**
   * Removes every rule.
   * @example
   *   afterEach(() => bits.faults.clear())
   */
  clear(): void
  /**
   * Rules that have not acted as often as scripted (a numeric `times` not reached, or an
   * `"always"`/probability rule that never acted), so a test can fail when a burst never happened.
   * @example
   *   expect(bits.faults.pending().map((rule) => rule.name)).toEqual([])
   */
  pending(): PendingRule[]
  /**
   * Throws when some rule never did all it was scripted to do, with a table of those rules (as
   * undici's `assertNoPendingInterceptors`). The `toHaveUsedAllFaults()` matcher says the same.
   * @throws {PendingFaultsError} listing the rules, with `seen`, `acted` and `times`
   * @example
   *   afterEach(() => bits.faults.assertNoPending())
   */
  assertNoPending(): void
  /** The active plan, as given (rules added with `add` included). */
  readonly plan: FaultPlan
}

/**
 * What the fault plan does to one request, as data. The engine carries it out: it waits
 * `delayMs`, applies `change`, and does `action` before (`timing: 'before'`) or after the server
 * processed the packet.
 */
export interface FaultDecision {
  /** For the journal; `serverStatus` is filled in when timing is `after`. */
  readonly record: FaultRecord
  readonly timing: 'before' | 'after'
  /** Milliseconds to wait before answering (0: none). */
  readonly delayMs: number
  /** Changes to the packet before the server sees it. */
  readonly change: PacketChange | undefined
  /** How to read the body, when the rule slows or cuts it; `null`: as fast as it comes. */
  readonly pace: BodyPace | null
  readonly action: FaultAction
}

interface FaultEngineInit {
  /** Seed for plans without one. */
  seed: number
  /** Called with the seed in force whenever it changes, so the journal can show it. */
  onSeed: (seed: number) => void
  /** The plan given at creation, restored by `reset()`. */
  initial?: FaultPlan
}

/**
 * Decides, for every request, whether a rule acts and what it does, as data; it never renders.
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

  assertNoPending(): void {
    const pending = this.pending()
    if (pending.length > 0) throw new PendingFaultsError(pending)
  }

  /** Back to the plan given at creation, counters and draws restarted. */
  reset(): void {
    this.use(this.init.initial ?? { rules: [] }, 'faults')
  }

  /** Whether any rule is in the plan; without one, {@link decide} has nothing to do. */
  get active(): boolean {
    return this.rules.length > 0
  }

  /**
   * Counts one request against the plan and returns what the acting rule does, or `null` when
   * none acts. A `respond` Ack carries the request's session id, as every Ack of a session must.
   * @see [MC-BUP] §2.2.7
   */
  decide(subject: FaultSubject): FaultDecision | null {
    const rule = this.pick(subject)
    if (!rule) return null
    let { action } = rule
    if (action.kind === 'respond' && subject.sessionId !== null && !action.ack.sessionId) {
      action = { kind: 'respond', ack: { ...action.ack, sessionId: subject.sessionId } }
    }
    if (action.kind === 'shape' && action.shape.effect === 'slicer') {
      // Each answer sliced its own way, replayed by the plan's seed.
      const seed = Math.floor(this.random.float() * 2 ** 32)
      action = {
        kind: 'shape',
        shape: { ...action.shape, slicing: { ...action.shape.slicing, seed } },
      }
    }
    return {
      record: {
        rule: rule.label,
        index: rule.index,
        timing: rule.timing,
        action: describeAction(rule),
      },
      timing: rule.timing,
      delayMs: this.jittered(rule),
      change: rule.acceptBytes === null ? undefined : { acceptBytes: rule.acceptBytes },
      pace: rule.pace,
      action,
    }
  }

  /** The rule's delay, varied by up to its `jitterMs` either way (never below 0), from the seed. */
  private jittered({ delayMs, jitterMs }: CompiledRule): number {
    if (jitterMs === 0) return delayMs
    return Math.max(0, Math.round(delayMs + (this.random.float() * 2 - 1) * jitterMs))
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
}
