import zeptomatch from 'zeptomatch'
import { BitsUsageError } from '../../shared/usage-error.js'
import type { Scenario } from './report-types.js'

/**
 * The scenarios whose id matches one of `include` (all when empty) and none of `exclude`; each
 * pattern is an id (`3.2`) or a glob over ids (`3.*`, `{5,8}.*`).
 * @throws {BitsUsageError} `INVALID_OPTIONS` when a pattern matches no scenario (a typo would
 *   otherwise certify nothing), or when nothing is left to run
 * @example
 *   selectScenarios(CATALOGUE, ['3.*'], ['3.7']).map((s) => s.id) // ['3.1', …, '3.6']
 */
export function selectScenarios(
  catalogue: readonly Scenario[],
  include: readonly string[] = [],
  exclude: readonly string[] = [],
): Scenario[] {
  const matchers = (patterns: readonly string[], flag: string) =>
    patterns.map((pattern) => {
      const glob = zeptomatch.compile(pattern)
      if (!catalogue.some((s) => glob.test(s.id)))
        fail(
          `${flag} ${JSON.stringify(pattern)} matches no scenario (ids run 1.1 to ${catalogue.at(-1)?.id})`,
        )
      return glob
    })
  const wanted = matchers(include, '--scenario')
  const unwanted = matchers(exclude, '--exclude')
  const chosen = catalogue.filter(
    (s) =>
      (wanted.length === 0 || wanted.some((g) => g.test(s.id))) &&
      !unwanted.some((g) => g.test(s.id)),
  )
  if (chosen.length === 0) fail('every scenario was excluded')
  return chosen
}

function fail(problem: string): never {
  throw new BitsUsageError(
    'INVALID_OPTIONS',
    `Failed to select the scenarios: ${problem}. List them with \`msw-bits certify --list\`.`,
  )
}
