import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { didYouMean } from '../../shared/did-you-mean.js'
import { BitsUsageError } from '../../shared/usage-error.js'
import { PLANS, ROOT } from '../dashboard/package-files.js'

/**
 * The names of the plans the package ships (`fragment-503-burst`), sorted: what `--plan NAME`
 * takes and `msw-bits plans` lists.
 * @example
 *   shippedPlanNames() // ['application-errors-context-7', …, 'slow-link']
 */
export function shippedPlanNames(): string[] {
  const files = existsSync(PLANS) ? readdirSync(PLANS) : []
  return files
    .filter((file) => file.endsWith('.json'))
    .map((file) => basename(file, '.json'))
    .sort()
}

/**
 * The file `--plan` means: `value` itself when it exists, else the shipped plan of that name (a
 * user's project has them under node_modules/msw-bits/fixtures/plans/, not where the README's
 * repository path points).
 * @throws {BitsUsageError} `INVALID_ARGUMENTS` naming the plans to pick from, when neither exists
 * @example
 *   shippedPlanFile('fragment-503-burst') // '/…/msw-bits/fixtures/plans/fragment-503-burst.json'
 */
export function shippedPlanFile(value: string): string {
  if (existsSync(value)) return value
  const names = shippedPlanNames()
  const name = basename(value, '.json')
  if (names.includes(name)) return join(PLANS, `${name}.json`)
  throw new BitsUsageError(
    'INVALID_ARGUMENTS',
    `Failed to read the arguments: --plan: no file ${JSON.stringify(value)} and no shipped plan of that name.${didYouMean(name, names)} Give a plan file or one of: ${names.join(', ')} (msw-bits plans lists them).`,
  )
}

/** This package's version, from its package.json (`msw-bits --version`). */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string })
    .version
}

/** `msw-bits plans`: each shipped plan's name and description, one a line. */
export function formatShippedPlans(): string {
  const lines = shippedPlanNames().map((name) => {
    const plan = JSON.parse(readFileSync(join(PLANS, `${name}.json`), 'utf8')) as {
      description?: string
    }
    return `  ${name.padEnd(32)} ${plan.description ?? ''}`.trimEnd()
  })
  return `Shipped fault plans (msw-bits serve --plan NAME):\n${lines.join('\n')}`
}
