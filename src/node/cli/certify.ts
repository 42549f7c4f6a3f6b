import { parseArgs } from 'node:util'
import { BitsUsageError } from '../../shared/usage-error.js'
import { CATALOGUE } from '../certify/catalogue.js'
import { certifyCommand, DEFAULT_TIMEOUT_SECONDS } from '../certify/certify.js'
import { DEFAULT_REPORT_DIR, writeReport } from '../certify/report/index.js'
import type { CertifyReport, Scenario, ScenarioResult } from '../certify/report-types.js'
import { formatCertifySummary } from './certify-summary.js'
import type { Output } from './live-view.js'

/** Exit codes of `msw-bits certify`: every scenario passed, some did not, bad usage. */
export const CertifyExit = { OK: 0, FAILED: 1, USAGE: 2 } as const

const FLAGS = {
  scenario: { type: 'string', multiple: true },
  exclude: { type: 'string', multiple: true },
  timeout: { type: 'string' },
  concurrency: { type: 'string' },
  report: { type: 'string' },
  json: { type: 'boolean' },
  list: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const

/** `msw-bits certify --help`. */
export const CERTIFY_HELP = `Usage: msw-bits certify [options] -- COMMAND [ARGS...]

Runs every scenario of the catalogue against a BITS upload client: for each, a fresh server on
127.0.0.1 with the scenario's faults, the payload in a temporary file, then COMMAND with {url} and
{file} replaced in ARGS (and BITS_URL, BITS_FILE in its environment). Exit 0 means it uploaded.

  --scenario ID|GLOB   run only these scenarios (repeatable: --scenario 3.2 --scenario '7.*')
  --exclude ID|GLOB    leave these out (repeatable)
  --timeout S          seconds each scenario may take (default ${DEFAULT_TIMEOUT_SECONDS}; 1.5 takes 120)
  --concurrency N      scenarios run at once (default 1)
  --report DIR         write index.html, report.json and junit.xml there (default ${DEFAULT_REPORT_DIR})
  --json               print report.json on stdout instead of the table
  --list               list the scenarios and exit

Exit status: 0 every scenario passed, 1 one did not, 2 bad usage.
Example: msw-bits certify -- node examples/clients/reference-uploader.mjs {url} {file}`

/** What `certify` writes to: the process, or a test's stand-ins. */
export interface CertifyIo {
  stdout: Output & { isTTY?: boolean }
  stderr: Output
}

/**
 * `msw-bits certify`: runs the catalogue against COMMAND, a line per scenario as it ends (redrawn
 * live on a terminal), the summary table, and the report files.
 * @returns the exit code
 */
export async function certify(argv: readonly string[], io: CertifyIo): Promise<number> {
  let args: CertifyArgs
  try {
    args = parseCertifyArgs(argv)
  } catch (error) {
    if (!(error instanceof BitsUsageError) && !isParseError(error)) throw error
    io.stderr.write(`msw-bits certify: ${(error as Error).message}\n\n${CERTIFY_HELP}\n`)
    return CertifyExit.USAGE
  }
  if (args.help || args.list) {
    io.stdout.write(`${args.help ? CERTIFY_HELP : listScenarios(CATALOGUE)}\n`)
    return CertifyExit.OK
  }
  const [command, ...commandArgs] = args.command
  const live = args.json ? null : io.stdout
  let report: CertifyReport
  try {
    report = await certifyCommand(command as string, commandArgs, {
      scenarios: args.scenarios,
      exclude: args.exclude,
      timeoutSeconds: args.timeoutSeconds,
      concurrency: args.concurrency,
      onStart: (scenario) => {
        if (live?.isTTY && args.concurrency === 1) live.write(`${scenarioLabel(scenario)} …`)
      },
      onResult: (result) =>
        live?.write(
          `${live.isTTY && args.concurrency === 1 ? '\r\x1b[2K' : ''}${resultLine(result)}\n`,
        ),
    })
  } catch (error) {
    if (!(error instanceof BitsUsageError)) throw error
    io.stderr.write(`msw-bits certify: ${error.message}\n`)
    return CertifyExit.USAGE
  }
  const written = await writeReport(report, args.reportDir)
  if (args.json) io.stdout.write(`${JSON.stringify(report, null, 2)}\n`)
  else io.stdout.write(`\n${formatCertifySummary(report)}\nreport: ${written.html}\n`)
  return report.counts.pass === report.scenarios.length ? CertifyExit.OK : CertifyExit.FAILED
}

interface CertifyArgs {
  command: string[]
  scenarios: string[]
  exclude: string[]
  timeoutSeconds: number
  concurrency: number
  reportDir: string
  json: boolean
  list: boolean
  help: boolean
}

/**
 * Reads `[options] -- COMMAND [ARGS...]`: options before `--` only, so COMMAND's own flags are
 * never mistaken for ours.
 * @throws {BitsUsageError} `INVALID_OPTIONS` naming the bad flag, or when COMMAND is missing
 */
export function parseCertifyArgs(argv: readonly string[]): CertifyArgs {
  const split = argv.indexOf('--')
  const own = split === -1 ? argv : argv.slice(0, split)
  const command = split === -1 ? [] : argv.slice(split + 1)
  const { values } = parseArgs({
    args: [...own],
    options: FLAGS,
    strict: true,
    allowPositionals: false,
  })
  const help = values.help === true
  const list = values.list === true
  if (!help && !list && command.length === 0)
    usage('no command to certify: put it after --, e.g. -- node my-uploader.mjs {url} {file}')
  return {
    command,
    scenarios: values.scenario ?? [],
    exclude: values.exclude ?? [],
    timeoutSeconds: positive('--timeout', values.timeout, DEFAULT_TIMEOUT_SECONDS),
    concurrency: positive('--concurrency', values.concurrency, 1, true),
    reportDir: values.report ?? DEFAULT_REPORT_DIR,
    json: values.json === true,
    list,
    help,
  }
}

function positive(
  flag: string,
  value: string | undefined,
  fallback: number,
  whole = false,
): number {
  if (value === undefined) return fallback
  const number = Number(value)
  if (!(number > 0) || (whole && !Number.isInteger(number)))
    usage(
      `${flag} expects ${whole ? 'a whole number' : 'a number'} above 0, got ${JSON.stringify(value)}`,
    )
  return number
}

function usage(problem: string): never {
  throw new BitsUsageError('INVALID_OPTIONS', `Failed to read the arguments: ${problem}.`)
}

function isParseError(error: unknown): boolean {
  return (
    error instanceof TypeError &&
    String((error as { code?: string }).code).startsWith('ERR_PARSE_ARGS')
  )
}

function scenarioLabel(scenario: Pick<Scenario, 'id' | 'title'>): string {
  return `${scenario.id.padEnd(5)} ${scenario.title}`
}

/** `3.2   Fragment 503 ×3 … pass`, with the reason when it is not a pass. */
function resultLine(result: ScenarioResult): string {
  const line = `${scenarioLabel(result)} … ${result.verdict}`
  return result.verdict === 'pass' ? line : `${line}: ${result.reason}`
}

function listScenarios(catalogue: readonly Scenario[]): string {
  return catalogue
    .map((s) => `${scenarioLabel(s).padEnd(60)} ${s.expect.padEnd(8)} ${s.section}`)
    .join('\n')
}
