// describeBitsConformance: the certify catalogue as one test per scenario, in any test framework
// that has `describe` and `it` (vitest, jest, node:test), so a suite shows each scenario by name.
import { BitsUsageError } from '../../shared/usage-error.js'
import { CATALOGUE } from './catalogue.js'
import { type CertifyOptions, certifyClient, DEFAULT_TIMEOUT_SECONDS } from './certify.js'
import type { CertifyClient } from './client-runners.js'
import type { Scenario, ScenarioResult } from './report-types.js'
import { selectScenarios } from './select.js'

/**
 * A test framework's `describe`: vitest's, jest's, node:test's.
 * @example
 *   import { describe, it } from 'node:test'
 *   import { describeBitsConformance, type SuiteFunction } from 'msw-bits/node'
 *
 *   const suite: SuiteFunction = describe
 *   describeBitsConformance('my uploader', myUploader, { describe: suite, it })
 */
export type SuiteFunction = (name: string, body: () => void) => unknown

/**
 * A test framework's `it`, taking a timeout in ms as its third argument.
 * @example
 *   import { describeBitsConformance, type TestFunction } from 'msw-bits/node'
 *   import { describe, it } from 'vitest'
 *
 *   const test: TestFunction = it
 *   describeBitsConformance('my uploader', myUploader, { describe, it: test })
 */
export type TestFunction = (name: string, body: () => Promise<void>, timeoutMs?: number) => unknown

/**
 * Options of {@link describeBitsConformance}.
 * @example
 *   import { type ConformanceSuiteOptions, describeBitsConformance } from 'msw-bits/node'
 *   import { describe, it } from 'vitest'
 *
 *   const options: ConformanceSuiteOptions = { describe, it, scenarios: ['1.*', '3.*'], strict: true }
 *   describeBitsConformance('my uploader', myUploader, options)
 */
export interface ConformanceSuiteOptions
  extends Pick<CertifyOptions, 'scenarios' | 'exclude' | 'timeoutSeconds'> {
  /** The framework's `describe`. Default the global one (jest; vitest with `globals: true`). */
  describe?: SuiteFunction
  /** The framework's `it`. Default the global one. */
  it?: TestFunction
  /** Fail `non-strict` scenarios too (a SHOULD rule broken). Default `false`: they pass. */
  strict?: boolean
}

/**
 * Time a test gets beyond the scenario's own timeout, in seconds: the scenario's server starts
 * and stops, and the oracle reads its journal.
 */
const TEST_MARGIN_SECONDS = 15

/**
 * Declares the certify catalogue as tests: a `describe` block named after the client, holding one
 * test per scenario (`3.2 Close-Session 503 ×2`), each running that scenario against `client` on
 * a fresh loopback server (as {@link certifyClient} does) and failing with the verdict's reason,
 * the spec sentence, the rules broken and the journal as a timeline. Call it at the top level of
 * a test file, where tests are declared.
 *
 * @param name - the client's name, in the `describe` block's title and the report
 * @param client - `async ({ url, file, bytes, signal }) => void`: resolves when uploaded, throws
 *   when it gives up; `signal` aborts at the scenario's timeout
 * @param options - which scenarios (`scenarios`, `exclude`: ids or globs), `timeoutSeconds` per
 *   scenario (default 30), `strict`, and the framework's `describe` and `it`
 * @throws {BitsUsageError} `INVALID_OPTIONS` when there is no `describe`/`it` to use, or a pattern
 *   matches no scenario (thrown when declared, before any test runs)
 * @example
 *   // test/bits-conformance.test.ts (vitest; jest: the same with its globals)
 *   import { describe, it } from 'vitest'
 *   import { describeBitsConformance } from 'msw-bits/node'
 *   import { uploadFile } from 'my-uploader'
 *
 *   describeBitsConformance('my uploader', ({ url, bytes, signal }) => uploadFile(url, bytes, { signal }), {
 *     describe,
 *     it,
 *     exclude: ['1.5'], // the 64 MiB upload
 *   })
 * @see DESIGN.md "Certify"; [MC-BUP] §3.1.5 (what a conforming client does)
 */
export function describeBitsConformance(
  name: string,
  client: CertifyClient,
  options: ConformanceSuiteOptions = {},
): void {
  const { describe, it } = framework(options)
  if (typeof client !== 'function')
    usage('"client": expected an async function ({ url, file, bytes, signal }) => void')
  const scenarios = selectScenarios(CATALOGUE, options.scenarios, options.exclude)
  const timeoutSeconds = options.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS
  describe(`${name}: BITS upload conformance (msw-bits certify)`, () => {
    for (const scenario of scenarios) {
      const seconds = Math.max(timeoutSeconds, scenario.timeoutSeconds ?? 0) + TEST_MARGIN_SECONDS
      it(
        `${scenario.id} ${scenario.title}`,
        async () => {
          const report = await certifyClient(client, {
            name,
            scenarios: [scenario.id],
            timeoutSeconds,
          })
          const result = report.scenarios[0] as ScenarioResult
          const failed =
            result.verdict === 'fail' || (options.strict === true && result.verdict !== 'pass')
          if (failed) throw new Error(describeFailure(scenario, result))
        },
        seconds * 1000,
      )
    }
  })
}

function framework(options: ConformanceSuiteOptions): {
  describe: SuiteFunction
  it: TestFunction
} {
  const globals = globalThis as { describe?: unknown; it?: unknown }
  const describe = options.describe ?? globals.describe
  const it = options.it ?? globals.it
  if (typeof describe !== 'function' || typeof it !== 'function')
    usage(
      'no `describe` and `it` to declare tests with. Pass your framework\'s: { describe, it } (vitest: import { describe, it } from "vitest")',
    )
  return { describe: describe as SuiteFunction, it: it as TestFunction }
}

/** A failed scenario, as a test failure reads: why, the spec, the rules, the timeline. */
function describeFailure(scenario: Scenario, result: ScenarioResult): string {
  const lines = [
    `${result.id} ${result.title}: ${result.verdict}: ${result.reason}`,
    `${scenario.section}: ${scenario.spec}`,
    ...result.violations.map((v) => `${v.level.toUpperCase()} ${v.rule}: ${v.message}`),
    ...result.pendingFaults.map((line) => `never fired: ${line}`),
  ]
  if (result.stderrTail !== '') lines.push(`client: ${result.stderrTail.trim()}`)
  return `${lines.join('\n')}\n\n${result.timeline}`
}

function usage(problem: string): never {
  throw new BitsUsageError(
    'INVALID_OPTIONS',
    `Failed to describe the BITS conformance suite: ${problem}.`,
  )
}
