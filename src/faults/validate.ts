import type * as z from 'zod/mini'
import { HResult } from '../protocol/index.js'
import { didYouMean } from '../shared/did-you-mean.js'
import { BitsUsageError } from '../shared/usage-error.js'
import { safeParse } from '../shared/zod.js'
import {
  BODY_EFFECTS,
  CONTEXT_BY_NAME,
  EFFECTS,
  FAULT_TARGETS,
  type FaultPlan,
  type FaultRule,
  planSchemas,
  TRANSPORT_EFFECTS,
} from './plan-schema.js'

/** The names a field takes, for "did you mean" on a misspelt one. */
const NAMES_BY_FIELD: Readonly<Record<string, readonly string[]>> = {
  packet: FAULT_TARGETS,
  effect: [...EFFECTS, ...BODY_EFFECTS, ...TRANSPORT_EFFECTS],
  error: Object.keys(HResult),
  context: [...CONTEXT_BY_NAME.keys()],
}

/** Where users of the installed package find the schema. */
const SCHEMA_HINT =
  'See the schema msw-bits/fault-plan.schema.json (node_modules/msw-bits/fixtures/fault-plan.schema.json)'

/**
 * Checks a plan when it is given, never when a rule fires.
 * @param where the path of the plan in what the user passed (`faults` for the option)
 * @throws {BitsUsageError} `INVALID_PLAN`, naming each bad field by its path and what it expected
 * @example
 *   import { validatePlan } from 'msw-bits'
 *
 *   // A plan from a file or a request: refused here, naming the field, or typed from here on.
 *   const plan = validatePlan(await (await fetch('/plans/flaky.json')).json())
 *   bits.faults.use(plan)
 */
export function validatePlan(plan: unknown, where = 'plan'): FaultPlan {
  return check(planSchemas().plan, plan, where, 'fault plan')
}

/** Checks one rule. @throws {BitsUsageError} `INVALID_PLAN`, naming the bad field. */
export function validateRule(rule: unknown, where = 'rule'): FaultRule {
  return check(planSchemas().rule, rule, where, 'fault rule')
}

function check<T extends z.ZodMiniType>(
  schema: T,
  value: unknown,
  where: string,
  what: string,
): z.input<T> {
  const result = safeParse(schema, value)
  if (result.success) return value as z.input<T>
  const problems = result.error.issues.map((issue) => {
    const hint = suggestion(value, issue.path, issue)
    // The hint is a sentence of its own: end zod's message before it.
    const stop = hint !== '' && !/[.?]$/.test(issue.message) ? '.' : ''
    return `${formatPath(where, issue.path)}: ${issue.message}${stop}${hint}`
  })
  const list = problems.join('; ')
  // A problem that ends in "Did you mean …?" needs no full stop after it.
  const stop = list.endsWith('?') ? '' : '.'
  throw new BitsUsageError(
    'INVALID_PLAN',
    `Failed to use the ${what}: ${list}${stop} ${SCHEMA_HINT} for the format.`,
  )
}

/** " Did you mean …?" for a misspelt name or key at `path` in `value`, or `''`. */
function suggestion(value: unknown, path: readonly PropertyKey[], issue: object): string {
  const [key, ...more] = (issue as { keys?: string[] }).keys ?? []
  if (key !== undefined && more.length === 0) return didYouMean(key, ruleKeys())
  const at = path.reduce<unknown>(
    (node, key) => (typeof node === 'object' && node !== null ? Reflect.get(node, key) : undefined),
    value,
  )
  const names = NAMES_BY_FIELD[String(path.at(-1) ?? '')]
  return typeof at === 'string' && names ? didYouMean(at, names) : ''
}

/** The keys a rule, a plan or a `respond` takes, for "did you mean" on a misspelt one. */
const ruleKeys = () => [
  ...Object.keys(planSchemas().rule.def.shape),
  'rules',
  'seed',
  'status',
  'from',
]

/** `rules[0].respond.status`, as a person would write the path. */
function formatPath(root: string, path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (out, key) => (typeof key === 'number' ? `${out}[${key}]` : `${out}.${String(key)}`),
    root,
  )
}
