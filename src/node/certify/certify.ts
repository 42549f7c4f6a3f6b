import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { BitsUsageError } from '../../shared/usage-error.js'
import { CATALOGUE } from './catalogue.js'
import {
  type CertifyClient,
  type ClientRunner,
  commandRunner,
  inProcessRunner,
} from './client-runners.js'
import {
  type CertifyReport,
  type Scenario,
  type ScenarioResult,
  VERDICTS,
  type VerdictCounts,
} from './report-types.js'
import { runScenario } from './run-scenario.js'
import { selectScenarios } from './select.js'

/**
 * Default timeout of one scenario, in seconds; a scenario may ask for longer (1.5: 120 s).
 * @example
 *   import { certifyClient, DEFAULT_TIMEOUT_SECONDS } from 'msw-bits/node'
 *
 *   // A slow client on a busy CI runner:
 *   await certifyClient(myUploader, { timeoutSeconds: DEFAULT_TIMEOUT_SECONDS * 2 })
 */
export const DEFAULT_TIMEOUT_SECONDS = 30

/**
 * Options of {@link certifyClient} and {@link certifyCommand}.
 * @see DESIGN.md "Certify"
 * @example
 *   import { type CertifyOptions, certifyCommand } from 'msw-bits/node'
 *
 *   const options: CertifyOptions = {
 *     scenarios: ['3.*', '4.*'],
 *     exclude: ['4.3'],
 *     onStart: (scenario) => console.log('running', scenario.id, scenario.title),
 *   }
 *   await certifyCommand('python3', ['uploader.py', '{url}', '{file}'], options)
 */
export interface CertifyOptions {
  /** Scenario ids or globs over ids to run (`3.2`, `7.*`); default all. */
  scenarios?: readonly string[]
  /** Scenario ids or globs to leave out. */
  exclude?: readonly string[]
  /** Timeout of each scenario, in seconds (a scenario's own longer one wins). Default 30. */
  timeoutSeconds?: number
  /**
   * Scenarios run at once, each on its own server. Default 1: a client's timing (back-off, the
   * 5 s retry-storm window) is judged on an idle machine; 2 halves a run on a multi-core one.
   */
  concurrency?: number
  /** The name the report gives the client; default the command line, or `'in-process client'`. */
  name?: string
  /** Called as each scenario starts (a live view). */
  onStart?: (scenario: Scenario) => void
  /** Called as each scenario ends, in completion order. */
  onResult?: (result: ScenarioResult) => void
}

/**
 * Runs the certify catalogue against an in-process client: for each scenario a fresh loopback
 * server (127.0.0.1, a free port) with the scenario's fault plan, the payload in a temporary file,
 * then `client({ url, file, bytes, signal })`. Resolving means it uploaded; throwing means it gave
 * up; `signal` aborts at the scenario's timeout.
 * @returns the report (report.json's shape), scenarios in catalogue order
 * @throws {BitsUsageError} `INVALID_OPTIONS` for a bad option or a pattern that matches nothing
 * @example
 *   import { certifyClient } from 'msw-bits/node'
 *   const report = await certifyClient(async ({ url, bytes, signal }) => {
 *     await myUploader.upload(url, bytes, { signal })
 *   }, { scenarios: ['1.*', '3.*'] })
 *   expect(report.scenarios.filter((s) => s.verdict === 'fail')).toEqual([])
 * @see DESIGN.md "Certify"; [MC-BUP] §3.1.5
 */
export function certifyClient(
  client: CertifyClient,
  options: CertifyOptions = {},
): Promise<CertifyReport> {
  if (typeof client !== 'function')
    usage('"client": expected an async function ({ url, file, bytes, signal }) => void')
  return certify(
    inProcessRunner(client),
    options.name ?? (client.name || 'in-process client'),
    options,
  )
}

/**
 * Runs the certify catalogue against a command: `{url}` and `{file}` replaced in `args`,
 * `BITS_URL` and `BITS_FILE` in its environment; exit 0 means it uploaded. On timeout the command
 * and its process group are killed. `msw-bits certify -- COMMAND [ARGS...]` runs this.
 * @example
 *   import { certifyCommand } from 'msw-bits/node'
 *
 *   const report = await certifyCommand('node', ['examples/clients/reference-uploader.mjs', '{url}', '{file}'])
 *   report.counts // { pass: 56, 'non-strict': 0, fail: 0 }
 * @see DESIGN.md "Certify"
 */
export function certifyCommand(
  command: string,
  args: readonly string[],
  options: CertifyOptions = {},
): Promise<CertifyReport> {
  if (typeof command !== 'string' || command === '') usage('"command": expected a program to run')
  return certify(
    commandRunner(command, args),
    options.name ?? [command, ...args].join(' '),
    options,
  )
}

async function certify(
  runner: ClientRunner,
  client: string,
  options: CertifyOptions,
): Promise<CertifyReport> {
  const { timeoutSeconds = DEFAULT_TIMEOUT_SECONDS, concurrency = 1 } = options
  if (!(timeoutSeconds > 0)) usage(`"timeoutSeconds": expected more than 0, got ${timeoutSeconds}`)
  if (!Number.isInteger(concurrency) || concurrency < 1)
    usage(`"concurrency": expected a whole number of 1 or more, got ${concurrency}`)
  const scenarios = selectScenarios(CATALOGUE, options.scenarios, options.exclude)
  const startedAt = new Date()
  const results = new Array<ScenarioResult>(scenarios.length)
  let next = 0
  const worker = async () => {
    for (let index = next++; index < scenarios.length; index = next++) {
      const scenario = scenarios[index] as Scenario
      options.onStart?.(scenario)
      const timeout = Math.max(timeoutSeconds, scenario.timeoutSeconds ?? 0) * 1000
      const result = await runScenario(scenario, runner, timeout)
      results[index] = result
      options.onResult?.(result)
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, scenarios.length) }, worker))
  return {
    client,
    startedAt: startedAt.toISOString(),
    version: VERSION,
    durationMs: Date.now() - startedAt.getTime(),
    counts: countVerdicts(results),
    scenarios: results,
  }
}

/** How many scenarios got each verdict. */
export function countVerdicts(results: readonly ScenarioResult[]): VerdictCounts {
  const counts = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as VerdictCounts
  for (const result of results) counts[result.verdict]++
  return counts
}

function usage(problem: string): never {
  throw new BitsUsageError('INVALID_OPTIONS', `Failed to certify the client: ${problem}.`)
}

/** msw-bits' own version, from the package.json above this module (src/ or a dist/ chunk). */
const VERSION = ((): string => {
  for (
    let dir = dirname(fileURLToPath(import.meta.url));
    dirname(dir) !== dir;
    dir = dirname(dir)
  ) {
    const file = join(dir, 'package.json')
    if (!existsSync(file)) continue
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string }
    if (pkg.name === 'msw-bits') return pkg.version ?? 'unknown'
  }
  return 'unknown'
})()
