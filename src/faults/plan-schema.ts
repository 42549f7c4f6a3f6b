// The namespace import lets bundlers drop what is unused (zod's locales): ~90 kB, not ~450 kB.
import * as z from 'zod'
import { BitsErrorContext, HResult, PACKET_TYPES } from '../protocol/index.js'

/**
 * What a rule's `packet` may name: a packet type, or `Reply-Download` for the GET of a
 * `BITS-Reply-URL` (§3.2.5.2.6), so a failed reply download can be scripted too.
 */
export const FAULT_TARGETS = [...PACKET_TYPES, 'Reply-Download'] as const

/** Effects in-process hosts carry out; the loopback server adds the TCP ones. */
export const EFFECTS = [
  'expire-session',
  'restart',
  'network-error',
  'hang',
  'reauthenticate',
] as const
/**
 * Effects on the request body, carried out by the engine as it reads it, so on every host:
 * Toxiproxy's `bandwidth` and a stall (its `timeout` toxic, or a pause).
 */
export const BODY_EFFECTS = ['stall', 'bandwidth'] as const
/**
 * Effects on the TCP connection, carried out by the loopback server. In-process, `slow-close`
 * answers as usual and the others are network errors.
 */
export const TRANSPORT_EFFECTS = ['reset', 'truncate', 'garbage', 'slow-close'] as const

/** `remote-file` → 5, `remote-application` → 7, …: the BG_ERROR_CONTEXT names in kebab case. */
export const CONTEXT_BY_NAME: ReadonlyMap<string, number> = new Map(
  Object.entries(BitsErrorContext).map(([name, value]) => [
    name.toLowerCase().replaceAll('_', '-'),
    value,
  ]),
)

const hex = z.string().regex(/^0x[0-9a-fA-F]{1,8}$/, 'a hex value like "0x80070005"')

const hresult = z
  .union(
    [
      z.enum(Object.keys(HResult) as [string, ...string[]]),
      z.string().regex(/^BG_E_HTTP_ERROR_[1-5]\d\d$/),
      hex,
      z.number().int().min(-0x80000000).max(0xffffffff),
    ],
    {
      error:
        'expected an HRESULT name ("BG_E_SESSION_NOT_FOUND"), hex ("0x80070005") or a 32-bit number',
    },
  )
  .describe(
    'An HRESULT: a name ("BG_E_SESSION_NOT_FOUND", "BG_E_HTTP_ERROR_503"), hex ("0x80070005") or a number.',
  )

const contextMessage =
  'expected "remote-file", "remote-application", another BG_ERROR_CONTEXT name, hex ("0x7") or a number'
const context = z
  .union(
    [
      z
        .string()
        .refine(
          (value) => CONTEXT_BY_NAME.has(value) || /^0x[0-9a-fA-F]{1,2}$/.test(value),
          contextMessage,
        ),
      z.number().int().min(0).max(0xff),
    ],
    { error: contextMessage },
  )
  .describe('A BG_ERROR_CONTEXT: "remote-file" (0x5), "remote-application" (0x7), hex or a number.')

const packetTarget = z.enum(FAULT_TARGETS)

/**
 * Longest delay a timer can wait: Node and browsers keep timeouts in a signed 32-bit count of ms
 * and fire a longer one after 1 ms instead.
 * @see https://developer.mozilla.org/docs/Web/API/Window/setTimeout#maximum_delay_value
 */
export const MAX_DELAY_MS = 2 ** 31 - 1

/** A wait in ms, as long as a timer can wait. */
const milliseconds = z
  .number()
  .nonnegative()
  .max(MAX_DELAY_MS, `expected at most ${MAX_DELAY_MS} ms (2^31 - 1), the longest a timer waits`)
  .optional()

/** Whether `Headers` takes this name and value (an HTTP token; no CR, LF or NUL in the value). */
function isHeader(name: string, value: string): boolean {
  try {
    new Headers([[name, value]])
    return true
  } catch {
    return false
  }
}

const headers = z.record(z.string(), z.string()).superRefine((record, ctx) => {
  for (const [name, value] of Object.entries(record)) {
    if (isHeader(name, value)) continue
    ctx.addIssue({
      code: 'custom',
      path: [name],
      message: isHeader(name, '')
        ? 'a header value may not hold CR, LF or NUL'
        : "not a header name (an HTTP token: letters, digits and !#$%&'*+-.^_`|~)",
    })
  }
})

/** Who answers a `respond` rule: the BITS server (an Ack), or something in front of it. */
export const RESPONDERS = ['server', 'intermediary'] as const

const respond = z
  .strictObject({
    // 1xx is never a final answer, so it cannot carry an Ack (a Response refuses it too).
    status: z
      .number()
      .int()
      .min(200, 'expected 200–599: a 1xx status is not a final answer and cannot carry an Ack')
      .max(599)
      .describe('HTTP status of the Ack (200–599).'),
    error: hresult
      .optional()
      .describe(
        "BITS-Error-Code; absent: an Ack without error headers (the client derives BG_E_HTTP_ERROR_<status>), or, with context, BG_E_HTTP_ERROR_<status> as for the server application's errors.",
      ),
    context: context
      .optional()
      .describe('BITS-Error-Context; default "remote-file" (0x5) when error is given.'),
    headers: headers.optional().describe('Extra headers on the answer.'),
    from: z
      .enum(RESPONDERS)
      .optional()
      .describe(
        '"server" (default): a BITS Ack; "intermediary": a plain answer with no BITS headers, as HTTP.sys, a proxy or a load balancer sends.',
      ),
  })
  .superRefine((respond, ctx) => {
    if (respond.from !== 'intermediary') return
    for (const key of ['error', 'context'] as const) {
      if (respond[key] !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `an intermediary's answer has no BITS headers: drop ${key}, or use "from": "server"`,
        })
      }
    }
  })
  .describe('Answer with this Ack, or with an intermediary’s plain answer.')

/** One fault rule, as written in a plan. @see DESIGN.md "Fault plans" */
export const faultRuleSchema = z
  .strictObject({
    name: z.string().min(1).optional().describe('A label shown in the journal.'),
    packet: z
      .union([packetTarget, z.array(packetTarget).min(1)], {
        error: `expected one of ${FAULT_TARGETS.join(', ')}, or a list of them`,
      })
      .optional()
      .describe(
        'Packet type(s) to match, or "Reply-Download"; absent = any packet or reply download (never a request that is not BITS).',
      ),
    path: z.string().min(1).optional().describe('Glob on the remote name under baseUrl.'),
    session: z
      .union([z.string().min(1), z.number().int().positive()], {
        error: 'expected a session id or a positive ordinal (1 = first session)',
      })
      .optional()
      .describe('A session id, or the session’s ordinal in creation order (1 = first).'),
    offset: z
      .union([z.number().int().nonnegative(), z.literal('last')], {
        error: 'expected a byte offset (a non-negative integer) or "last"',
      })
      .optional()
      .describe(
        'Fragment only: a fragment whose range contains this byte offset ("last": the last byte).',
      ),
    after: z
      .number()
      .int()
      .nonnegative()
      .optional()
      .describe('Let this many matching packets through first.'),
    times: z
      .union([z.number().int().positive(), z.literal('always')], {
        error: 'expected a positive integer or "always"',
      })
      .optional()
      .describe('Act on this many matching packets (default 1, "always" with probability).'),
    probability: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe('Act with this chance, drawn from the plan seed.'),
    timing: z
      .enum(['before', 'after'])
      .optional()
      .describe(
        '"before" (default): the packet is lost; "after": processed, then its Ack is replaced.',
      ),
    respond: respond.optional(),
    headers: headers
      .optional()
      .describe(
        "Headers added to the server's own Ack, which still goes out (OneDrive's X-Resource-Id); not with respond or effect.",
      ),
    effect: z
      .enum([...EFFECTS, ...BODY_EFFECTS, ...TRANSPORT_EFFECTS])
      .optional()
      .describe(
        'What happens instead of an Ack; "reauthenticate" answers 401 with a Basic challenge, so the client must send its credentials again; "stall" and "bandwidth" slow the reading of the body, then the server answers as usual; "slow-close" answers, then closes the connection durationMs late.',
      ),
    afterBytes: z
      .number()
      .int()
      .nonnegative()
      .optional()
      .describe(
        'Fragment only, with effect "reset" or "stall": act once the server has read this many bytes of the body (a fragment cut mid-way).',
      ),
    durationMs: milliseconds.describe(
      'With "stall": how long the server stops reading (absent: until the client goes away); with "slow-close": how long the close waits after the answer.',
    ),
    bytesPerSecond: z
      .number()
      .positive()
      .optional()
      .describe(
        'With "bandwidth" (required): the rate at which the server reads the body, in bytes per second.',
      ),
    delayMs: milliseconds.describe('Answer this many ms late (at most 2^31 - 1).'),
    acceptBytes: z
      .number()
      .int()
      .nonnegative()
      .optional()
      .describe('Fragment only: keep only the first N bytes and Ack the shorter offset.'),
  })
  .superRefine((rule, ctx) => {
    const has = (key: keyof typeof rule) => rule[key] !== undefined
    if (
      !['respond', 'effect', 'delayMs', 'acceptBytes', 'headers'].some((key) =>
        has(key as keyof typeof rule),
      )
    ) {
      ctx.addIssue({
        code: 'custom',
        message: 'a rule needs an effect: one of respond, effect, delayMs, acceptBytes, headers',
      })
    }
    if (has('headers') && (has('respond') || has('effect'))) {
      ctx.addIssue({
        code: 'custom',
        path: ['headers'],
        message:
          "headers adds to the server's own Ack: not with respond (use respond.headers) or effect",
      })
    }
    if (has('respond') && has('effect')) {
      ctx.addIssue({
        code: 'custom',
        path: ['effect'],
        message: 'give either respond or effect, not both',
      })
    }
    refineEffectParameters(rule, ctx)
    const fragmentOnly =
      rule.packet === 'Fragment' ||
      (Array.isArray(rule.packet) && rule.packet.every((p) => p === 'Fragment'))
    for (const key of ['offset', 'acceptBytes', 'afterBytes'] as const) {
      if (has(key) && !fragmentOnly) {
        ctx.addIssue({ code: 'custom', path: [key], message: `${key} needs "packet": "Fragment"` })
      }
    }
  })
  .describe('One fault: which packets it matches, when, and what it does.')

/** Which effects take each parameter, and which need it. */
const EFFECT_PARAMETERS = {
  afterBytes: { with: ['reset', 'stall'], required: [] },
  durationMs: { with: ['stall', 'slow-close'], required: ['slow-close'] },
  bytesPerSecond: { with: ['bandwidth'], required: ['bandwidth'] },
} as const satisfies Record<string, { with: readonly string[]; required: readonly string[] }>

/** Refuses an effect parameter on an effect that takes none, or an effect without its parameter. */
function refineEffectParameters(
  rule: { effect?: string; timing?: string } & Partial<
    Record<keyof typeof EFFECT_PARAMETERS, unknown>
  >,
  ctx: z.RefinementCtx,
): void {
  for (const [key, spec] of Object.entries(EFFECT_PARAMETERS)) {
    const name = key as keyof typeof EFFECT_PARAMETERS
    const takes = (spec.with as readonly string[]).includes(rule.effect ?? '')
    if (rule[name] !== undefined && !takes) {
      ctx.addIssue({
        code: 'custom',
        path: [name],
        message: `${name} goes with "effect": ${spec.with.map((e) => `"${e}"`).join(' or ')}`,
      })
    }
    if (
      rule[name] === undefined &&
      (spec.required as readonly string[]).includes(rule.effect ?? '')
    ) {
      ctx.addIssue({
        code: 'custom',
        path: [name],
        message: `"effect": "${rule.effect}" needs ${name}`,
      })
    }
  }
  // Cutting the body short, or answering and then closing slowly, leaves nothing to time.
  const cut = rule.effect === 'reset' && rule.afterBytes !== undefined
  const timed = rule.effect === 'slow-close' ? 'before' : cut ? 'after' : null
  if (timed !== null && rule.timing === timed) {
    ctx.addIssue({
      code: 'custom',
      path: ['timing'],
      message:
        timed === 'before'
          ? '"slow-close" answers first, then closes late: drop "timing"'
          : 'a reset after afterBytes cuts the body before the server could process it: drop "timing": "after"',
    })
  }
}

/** A fault plan: data that scripts the server's failures. @see DESIGN.md "Fault plans" */
export const faultPlanSchema = z
  .strictObject({
    $schema: z.string().optional().describe('The JSON Schema of plans, for editors.'),
    name: z.string().optional(),
    description: z.string().optional(),
    seed: z
      .number()
      .int()
      .optional()
      .describe('Seed of `probability` draws; default the server’s seed.'),
    rules: z.array(faultRuleSchema),
  })
  .describe('An msw-bits fault plan.')

/** A fault rule as written (JSON or TypeScript). */
export type FaultRule = z.input<typeof faultRuleSchema>
/** A fault plan as written (JSON or TypeScript). */
export type FaultPlan = z.input<typeof faultPlanSchema>
/** A fault target name. */
export type FaultTarget = (typeof FAULT_TARGETS)[number]

/**
 * The JSON Schema of fault plans (draft 2020-12), generated from the same definition.
 * @example
 *   await writeFile('fault-plan.schema.json', JSON.stringify(faultPlanJsonSchema(), null, 2))
 */
export function faultPlanJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(faultPlanSchema, { io: 'input' }) as Record<string, unknown>
}
