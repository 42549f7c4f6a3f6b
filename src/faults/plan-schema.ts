import { expand } from 'brace-expansion'
import * as z from 'zod/mini'
import { BitsErrorContext, HResult, PACKET_TYPES } from '../protocol/index.js'
import { withDescriptions } from './plan-descriptions.js'

/**
 * What a rule's `packet` may name: a packet type, or `Reply-Download` for the GET of a
 * `BITS-Reply-URL` (§3.2.5.2.6), so a failed reply download can be scripted too.
 * @example
 *   import { FAULT_TARGETS } from 'msw-bits'
 *
 *   FAULT_TARGETS.includes('Reply-Download') // true
 *   bits.faults.add({ packet: 'Reply-Download', respond: { status: 503 } })
 */
export const FAULT_TARGETS = [...PACKET_TYPES, 'Reply-Download'] as const

/**
 * Effects in-process hosts carry out; the loopback server adds the TCP ones. `latency` is
 * Toxiproxy's name for a `delayMs` (with `jitterMs`, its `jitter`): the answer comes late.
 * @example
 *   import { EFFECTS } from 'msw-bits'
 *
 *   EFFECTS.includes('expire-session') // true
 *   bits.faults.add({ packet: 'Fragment', after: 2, effect: 'expire-session' })
 */
export const EFFECTS = [
  'expire-session',
  'restart',
  'network-error',
  'hang',
  'reauthenticate',
  'latency',
] as const
/**
 * Effects on the request body, carried out by the engine as it reads it, so on every host:
 * Toxiproxy's `bandwidth` and a stall (its `timeout` toxic, or a pause).
 * @example
 *   import { BODY_EFFECTS } from 'msw-bits'
 *
 *   BODY_EFFECTS.includes('bandwidth') // true
 *   // A 56k modem: the server reads each Fragment's body at 7,000 bytes per second.
 *   bits.faults.add({ packet: 'Fragment', times: 'always', effect: 'bandwidth', bytesPerSecond: 7_000 })
 */
export const BODY_EFFECTS = ['stall', 'bandwidth'] as const
/**
 * Effects on the TCP connection, carried out by the loopback server. In-process, `slow-close`
 * answers as usual and the others are network errors.
 * @example
 *   import { TRANSPORT_EFFECTS } from 'msw-bits'
 *
 *   TRANSPORT_EFFECTS.includes('reset') // true
 *   // Cut the connection 1,000 bytes into the second Fragment's body:
 *   srv.bits.faults.add({ packet: 'Fragment', after: 1, effect: 'reset', afterBytes: 1_000 })
 */
export const TRANSPORT_EFFECTS = [
  'reset',
  'truncate',
  'garbage',
  'slow-close',
  'slicer',
  'limit_data',
] as const

/**
 * Toxiproxy's toxic names, taken for the effects that do the same here: `reset_peer` is `reset`
 * (its `timeout` is `delayMs`), `slow_close` is `slow-close` (its `delay` is `durationMs`),
 * `timeout` is a `stall` for good (its `timeout: 0`; one that closes later is `network-error`
 * with `delayMs`). `latency`, `bandwidth`, `slicer` and `limit_data` are effects of their own.
 * @see https://github.com/Shopify/toxiproxy#toxics
 * @example
 *   import { TOXIPROXY_ALIASES } from 'msw-bits'
 *
 *   TOXIPROXY_ALIASES.reset_peer // 'reset'
 *   srv.bits.faults.add({ packet: 'Fragment', effect: 'reset_peer' }) // a TCP RST
 */
export const TOXIPROXY_ALIASES = {
  reset_peer: 'reset',
  slow_close: 'slow-close',
  timeout: 'stall',
} as const satisfies Record<string, (typeof BODY_EFFECTS | typeof TRANSPORT_EFFECTS)[number]>

/** A rule's effect with Toxiproxy's aliases resolved: `reset_peer` → `reset`. */
export type CanonicalEffect =
  | (typeof EFFECTS)[number]
  | (typeof BODY_EFFECTS)[number]
  | (typeof TRANSPORT_EFFECTS)[number]

/**
 * The effect `effect` names, Toxiproxy's aliases resolved.
 * @example
 *   canonicalEffect('slow_close') // 'slow-close'
 */
export function canonicalEffect(effect: string): CanonicalEffect {
  return (
    (TOXIPROXY_ALIASES as Record<string, CanonicalEffect>)[effect] ?? (effect as CanonicalEffect)
  )
}

/** `remote-file` → 5, `remote-application` → 7, …: the BG_ERROR_CONTEXT names in kebab case. */
export const CONTEXT_BY_NAME: ReadonlyMap<string, number> = new Map(
  Object.entries(BitsErrorContext).map(([name, value]) => [
    name.toLowerCase().replaceAll('_', '-'),
    value,
  ]),
)

const hex = () => z.string().check(z.regex(/^0x[0-9a-fA-F]{1,8}$/, 'a hex value like "0x80070005"'))

const hresult = () =>
  z.union(
    [
      z.enum(Object.keys(HResult) as [string, ...string[]]),
      z.string().check(z.regex(/^BG_E_HTTP_ERROR_[1-5]\d\d$/)),
      hex(),
      z.int().check(z.minimum(-0x80000000), z.maximum(0xffffffff)),
    ],
    {
      error:
        'expected an HRESULT name ("BG_E_SESSION_NOT_FOUND"), hex ("0x80070005") or a 32-bit number',
    },
  )

const contextMessage =
  'expected "remote-file", "remote-application", another BG_ERROR_CONTEXT name, hex ("0x7") or a number'
const context = () =>
  z.union(
    [
      z
        .string()
        .check(
          z.refine(
            (value) => CONTEXT_BY_NAME.has(value) || /^0x[0-9a-fA-F]{1,2}$/.test(value),
            contextMessage,
          ),
        ),
      z.int().check(z.minimum(0), z.maximum(0xff)),
    ],
    { error: contextMessage },
  )

const packetTarget = () => z.enum(FAULT_TARGETS)

/**
 * Longest delay a timer can wait: Node and browsers keep timeouts in a signed 32-bit count of ms
 * and fire a longer one after 1 ms instead.
 * @see https://developer.mozilla.org/docs/Web/API/Window/setTimeout#maximum_delay_value
 */
export const MAX_DELAY_MS = 2 ** 31 - 1

/**
 * Slowest `bandwidth` rate: one byte per longest timer wait (about 4.7e-7 bytes per second). A
 * slower one would wait longer for its first byte than a timer can, and Node fires such a timer
 * at once: the slowest rate would read fastest.
 */
export const MIN_BYTES_PER_SECOND = 1000 / MAX_DELAY_MS

/** A wait in ms, as long as a timer can wait. */
const milliseconds = () =>
  z.optional(
    z
      .number()
      .check(
        z.nonnegative(),
        z.maximum(
          MAX_DELAY_MS,
          `expected at most ${MAX_DELAY_MS} ms (2^31 - 1), the longest a timer waits`,
        ),
      ),
  )

/** Longest `path` glob, in characters: globs name files under `baseUrl`, never whole documents. */
export const MAX_GLOB_LENGTH = 1024
/** Most alternatives a `path` glob may expand to (`{a,b}{c,d}` is 4), each compiled to a pattern. */
export const MAX_GLOB_EXPANSIONS = 256

/** Why `glob` is refused, or `null`: braces expanding to too many patterns. */
function globProblem(glob: string): string | null {
  // expand stops itself at 100,000 results; a glob of bounded length gets there quickly.
  const expansions = expand(glob).length
  if (expansions <= MAX_GLOB_EXPANSIONS) return null
  return `expected a glob whose braces expand to at most ${MAX_GLOB_EXPANSIONS} patterns, got ${expansions}`
}

const glob = () =>
  z.string().check(
    z.minLength(1),
    z.maxLength(MAX_GLOB_LENGTH, `expected a glob of at most ${MAX_GLOB_LENGTH} characters`),
    z.superRefine((value, ctx) => {
      const problem = value.length <= MAX_GLOB_LENGTH ? globProblem(value) : null
      if (problem !== null) ctx.addIssue({ code: 'custom', input: value, message: problem })
    }),
  )

/** Whether `Headers` takes this name and value (an HTTP token; no CR, LF or NUL in the value). */
function isHeader(name: string, value: string): boolean {
  try {
    new Headers([[name, value]])
    return true
  } catch {
    return false
  }
}

/**
 * Headers that frame the HTTP message: the host sets them from the answer it sends, and a second
 * value breaks the framing (two Content-Lengths, chunked beside Content-Length: 0).
 * @see RFC 9112 §6.1, §6.3, §9.6
 */
export const FRAMING_HEADERS = ['content-length', 'transfer-encoding', 'connection'] as const

/** Why a header is refused, or `null`. */
function headerProblem(name: string, value: string): string | null {
  if ((FRAMING_HEADERS as readonly string[]).includes(name.toLowerCase())) {
    return `${name} frames the HTTP message and is set by the server from the answer it sends: drop it (use "effect": "truncate" or "garbage" to break framing on purpose)`
  }
  if (isHeader(name, value)) return null
  return isHeader(name, '')
    ? 'a header value may not hold CR, LF or NUL'
    : "not a header name (an HTTP token: letters, digits and !#$%&'*+-.^_`|~)"
}

const headers = () =>
  z.record(z.string(), z.string()).check(
    z.superRefine((record, ctx) => {
      for (const [name, value] of Object.entries(record)) {
        const message = headerProblem(name, value)
        if (message !== null) ctx.addIssue({ code: 'custom', input: record, path: [name], message })
      }
    }),
  )

/** Who answers a `respond` rule: the BITS server (an Ack), or something in front of it. */
export const RESPONDERS = ['server', 'intermediary'] as const

const respond = () =>
  z
    .strictObject({
      // 1xx is never a final answer, so it cannot carry an Ack (a Response refuses it too).
      status: z
        .int()
        .check(
          z.minimum(
            200,
            'expected 200–599: a 1xx status is not a final answer and cannot carry an Ack',
          ),
          z.maximum(599),
        ),
      error: z.optional(hresult()),
      context: z.optional(context()),
      headers: z.optional(headers()),
      from: z.optional(z.enum(RESPONDERS)),
    })
    .check(
      z.superRefine((respond, ctx) => {
        if (respond.from !== 'intermediary') return
        for (const key of ['error', 'context'] as const) {
          if (respond[key] !== undefined) {
            ctx.addIssue({
              code: 'custom',
              input: respond,
              path: [key],
              message: `an intermediary's answer has no BITS headers: drop ${key}, or use "from": "server"`,
            })
          }
        }
      }),
    )

const ALL_EFFECTS = [
  ...EFFECTS,
  ...BODY_EFFECTS,
  ...TRANSPORT_EFFECTS,
  ...(Object.keys(TOXIPROXY_ALIASES) as (keyof typeof TOXIPROXY_ALIASES)[]),
] as const

const ruleFields = () =>
  z.strictObject({
    name: z.optional(z.string().check(z.minLength(1))),
    packet: z.optional(
      z.union([packetTarget(), z.array(packetTarget()).check(z.minLength(1))], {
        error: `expected one of ${FAULT_TARGETS.join(', ')}, or a list of them`,
      }),
    ),
    path: z.optional(glob()),
    session: z.optional(
      z.union([z.string().check(z.minLength(1)), z.int().check(z.positive())], {
        error: 'expected a session id or a positive ordinal (1 = first session)',
      }),
    ),
    offset: z.optional(
      z.union([z.int().check(z.nonnegative()), z.literal('last')], {
        error: 'expected a byte offset (a non-negative integer) or "last"',
      }),
    ),
    after: z.optional(z.int().check(z.nonnegative())),
    times: z.optional(
      z.union([z.int().check(z.positive()), z.literal('always')], {
        error: 'expected a positive integer or "always"',
      }),
    ),
    probability: z.optional(z.number().check(z.minimum(0), z.maximum(1))),
    timing: z.optional(z.enum(['before', 'after'])),
    respond: z.optional(respond()),
    headers: z.optional(headers()),
    effect: z.optional(z.enum(ALL_EFFECTS)),
    afterBytes: z.optional(z.int().check(z.nonnegative())),
    durationMs: milliseconds(),
    bytesPerSecond: z.optional(
      z
        .number()
        .check(
          z.positive(),
          z.minimum(
            MIN_BYTES_PER_SECOND,
            `expected at least one byte per ${MAX_DELAY_MS} ms (about 4.7e-7 bytes per second), the longest a timer waits`,
          ),
        ),
    ),
    delayMs: milliseconds(),
    jitterMs: milliseconds(),
    averageSize: z.optional(z.int().check(z.positive())),
    sizeVariation: z.optional(z.int().check(z.nonnegative())),
    sliceDelayUs: z.optional(
      z
        .number()
        .check(
          z.nonnegative(),
          z.maximum(
            MAX_DELAY_MS * 1000,
            `expected at most ${MAX_DELAY_MS * 1000} µs, the longest a timer waits`,
          ),
        ),
    ),
    limitBytes: z.optional(z.int().check(z.nonnegative())),
    acceptBytes: z.optional(z.int().check(z.nonnegative())),
  })

/** One fault rule, as written in a plan. @see DESIGN.md "Fault plans" */
const ruleSchema = () => ruleFields().check(z.superRefine(refineRule))

type RuleInput = z.output<ReturnType<typeof ruleFields>>
type Refinement = z.core.$RefinementCtx<RuleInput>

/** The checks across fields: an effect is given, and fields that exclude each other are not. */
function refineRule(rule: RuleInput, ctx: Refinement): void {
  const issue = (message: string, path: PropertyKey[] = []) =>
    ctx.addIssue({ code: 'custom', input: rule, path, message })
  const has = (key: keyof RuleInput) => rule[key] !== undefined
  const actions = ['respond', 'effect', 'delayMs', 'acceptBytes', 'headers'] as const
  if (!actions.some(has)) {
    issue('a rule needs an effect: one of respond, effect, delayMs, acceptBytes, headers')
  }
  if (has('headers') && (has('respond') || has('effect'))) {
    issue(
      "headers adds to the server's own Ack: not with respond (use respond.headers) or effect",
      ['headers'],
    )
  }
  if (has('respond') && has('effect')) issue('give either respond or effect, not both', ['effect'])
  refineEffectParameters(rule, issue)
  const fragmentOnly =
    rule.packet === 'Fragment' ||
    (Array.isArray(rule.packet) && rule.packet.every((p) => p === 'Fragment'))
  for (const key of ['offset', 'acceptBytes', 'afterBytes'] as const) {
    if (has(key) && !fragmentOnly) issue(`${key} needs "packet": "Fragment"`, [key])
  }
}

/** Which effects take each parameter, and which need it (Toxiproxy's aliases resolved). */
const EFFECT_PARAMETERS = {
  afterBytes: { with: ['reset', 'stall'], required: [] },
  durationMs: { with: ['stall', 'slow-close'], required: ['slow-close'] },
  bytesPerSecond: { with: ['bandwidth'], required: ['bandwidth'] },
  averageSize: { with: ['slicer'], required: ['slicer'] },
  sizeVariation: { with: ['slicer'], required: [] },
  sliceDelayUs: { with: ['slicer'], required: [] },
  limitBytes: { with: ['limit_data'], required: ['limit_data'] },
} as const satisfies Record<string, { with: readonly string[]; required: readonly string[] }>

/** Effects that answer as the server would, then shape how the answer leaves: never "before". */
const ANSWER_SHAPES: readonly string[] = ['slow-close', 'slicer', 'limit_data']

/** Refuses an effect parameter on an effect that takes none, or an effect without its parameter. */
function refineEffectParameters(
  rule: RuleInput,
  issue: (message: string, path: PropertyKey[]) => void,
): void {
  const effect = rule.effect === undefined ? '' : canonicalEffect(rule.effect)
  for (const [key, spec] of Object.entries(EFFECT_PARAMETERS)) {
    const name = key as keyof typeof EFFECT_PARAMETERS
    const takes = (spec.with as readonly string[]).includes(effect)
    if (rule[name] !== undefined && !takes) {
      issue(`${name} goes with "effect": ${spec.with.map((e) => `"${e}"`).join(' or ')}`, [name])
    }
    if (rule[name] === undefined && (spec.required as readonly string[]).includes(effect)) {
      issue(`"effect": "${rule.effect}" needs ${name}`, [name])
    }
  }
  refineToxiproxyNames(rule, issue)
  // Cutting the body short, or answering and then shaping the answer, leaves nothing to time.
  const cut = effect === 'reset' && rule.afterBytes !== undefined
  const timed = ANSWER_SHAPES.includes(effect) ? 'before' : cut ? 'after' : null
  if (timed !== null && rule.timing === timed) {
    issue(
      timed === 'before'
        ? `"${rule.effect}" acts on the server's own answer, so it answers first: drop "timing"`
        : 'a reset after afterBytes cuts the body before the server could process it: drop "timing": "after"',
      ['timing'],
    )
  }
}

/** What Toxiproxy's names take here that they do not take there, or the reverse. */
function refineToxiproxyNames(
  rule: RuleInput,
  issue: (message: string, path: PropertyKey[]) => void,
): void {
  if (rule.effect === 'timeout' && rule.durationMs !== undefined) {
    issue(
      '"timeout" stops the data for good (Toxiproxy\'s timeout 0): to read on after a pause use "effect": "stall" with durationMs; to close after a wait, "effect": "network-error" with delayMs',
      ['durationMs'],
    )
  }
  if (rule.effect === 'latency' && rule.delayMs === undefined) {
    issue('"effect": "latency" needs delayMs (Toxiproxy\'s latency, in ms)', ['delayMs'])
  }
  if (rule.jitterMs !== undefined && rule.delayMs === undefined) {
    issue('jitterMs varies delayMs: give delayMs too', ['jitterMs'])
  }
  const { averageSize, sizeVariation } = rule
  if (averageSize !== undefined && sizeVariation !== undefined && sizeVariation >= averageSize) {
    issue(
      `expected sizeVariation less than averageSize (${averageSize}), as Toxiproxy requires: a piece is never empty`,
      ['sizeVariation'],
    )
  }
}

/** A fault plan: data that scripts the server's failures. @see DESIGN.md "Fault plans" */
const planSchema = (rule: ReturnType<typeof ruleSchema>) =>
  z.strictObject({
    $schema: z.optional(z.string()),
    name: z.optional(z.string()),
    description: z.optional(z.string()),
    seed: z.optional(z.int()),
    rules: z.array(rule),
  })

/** The schemas of a rule and of a plan. */
export interface PlanSchemas {
  readonly rule: ReturnType<typeof ruleSchema>
  readonly plan: ReturnType<typeof planSchema>
}

let built: PlanSchemas | undefined

/**
 * The schemas, built on first use rather than on import: building them cost more than the rest of
 * `import 'msw-bits'` (issue 19), and a test that gives no plan never needs them.
 */
export function planSchemas(): PlanSchemas {
  if (built === undefined) {
    const rule = ruleSchema()
    built = { rule, plan: planSchema(rule) }
  }
  return built
}

/**
 * A fault rule as written (JSON or TypeScript). Validated when given (`bits.faults.add`).
 * @throws {BitsUsageError} `INVALID_PLAN` from `add`/`use`, naming the bad field
 * @see DESIGN.md "Fault plans"; `msw-bits/fault-plan.schema.json` for every field
 * @example
 *   import type { FaultRule } from 'msw-bits'
 *
 *   const lostAck: FaultRule = { name: 'lost Ack', packet: 'Fragment', offset: 'last', timing: 'after', effect: 'network-error' }
 *   bits.faults.add(lostAck)
 */
export type FaultRule = z.input<PlanSchemas['rule']>
/**
 * A fault plan as written (JSON or TypeScript): a `seed` for `probability` draws and the rules,
 * tried in order. Validated when given.
 * @throws {BitsUsageError} `INVALID_PLAN` from `use` or `createBitsServer`, naming the bad field
 * @see DESIGN.md "Fault plans"
 * @example
 *   import type { FaultPlan } from 'msw-bits'
 *   import burst from 'msw-bits/fixtures/plans/fragment-503-burst.json' with { type: 'json' }
 *
 *   bits.faults.use(burst as FaultPlan)
 *   const chaos: FaultPlan = { seed: 42, rules: [{ times: 'always', probability: 0.1, respond: { status: 503 } }] }
 */
export type FaultPlan = z.input<PlanSchemas['plan']>
/**
 * A fault target name: a packet type or `Reply-Download` (one of {@link FAULT_TARGETS}).
 * @example
 *   import type { FaultTarget } from 'msw-bits'
 *
 *   const targets: FaultTarget[] = ['Close-Session', 'Reply-Download']
 *   bits.faults.add({ packet: targets, respond: { status: 500 } })
 */
export type FaultTarget = (typeof FAULT_TARGETS)[number]

/**
 * The JSON Schema of fault plans (draft 2020-12), generated from the same definition.
 * @example
 *   import { faultPlanJsonSchema } from 'msw-bits'
 *
 *   // The same file the package ships as msw-bits/fault-plan.schema.json:
 *   const text = JSON.stringify(faultPlanJsonSchema(), null, 2)
 */
export function faultPlanJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(planSchemas().plan, { io: 'input' }) as Record<string, unknown>
  return withDescriptions(schema)
}
