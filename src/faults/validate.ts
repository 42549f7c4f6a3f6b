import type * as z from 'zod/mini'
import { BitsUsageError } from '../shared/usage-error.js'
import { safeParse } from '../shared/zod.js'
import { type FaultPlan, type FaultRule, faultPlanSchema, faultRuleSchema } from './plan-schema.js'

/**
 * Checks a plan when it is given, never when a rule fires.
 * @param where the path of the plan in what the user passed (`faults` for the option)
 * @throws {BitsUsageError} `INVALID_PLAN`, naming each bad field by its path and what it expected
 * @example
 *   const plan = validatePlan(JSON.parse(await readFile('plans/flaky.json', 'utf8')))
 */
export function validatePlan(plan: unknown, where = 'plan'): FaultPlan {
  return check(faultPlanSchema, plan, where, 'fault plan')
}

/** Checks one rule. @throws {BitsUsageError} `INVALID_PLAN`, naming the bad field. */
export function validateRule(rule: unknown, where = 'rule'): FaultRule {
  return check(faultRuleSchema, rule, where, 'fault rule')
}

function check<T extends z.ZodMiniType>(
  schema: T,
  value: unknown,
  where: string,
  what: string,
): z.input<T> {
  const result = safeParse(schema, value)
  if (result.success) return value as z.input<T>
  const problems = result.error.issues.map(
    (issue) => `${formatPath(where, issue.path)}: ${issue.message}`,
  )
  throw new BitsUsageError(
    'INVALID_PLAN',
    `Failed to use the ${what}: ${problems.join('; ')}. See fixtures/fault-plan.schema.json for the format.`,
  )
}

/** `rules[0].respond.status`, as a person would write the path. */
function formatPath(root: string, path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (out, key) => (typeof key === 'number' ? `${out}[${key}]` : `${out}.${String(key)}`),
    root,
  )
}
