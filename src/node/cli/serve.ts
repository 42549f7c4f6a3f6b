import { resolve } from 'node:path'
import { checkClientRules } from '../../oracle/index.js'
import { BitsUsageError } from '../../shared/usage-error.js'
import type { RunningBitsServer } from '../serve-engine.js'
import { startBitsServer } from '../start-bits-server.js'
import { type Output, startLiveView } from './live-view.js'
import { parseServeArgs, SERVE_HELP, type ServeArgs } from './options.js'
import { packageVersion } from './shipped-plans.js'
import { checkFails, formatSummary, type RunSummary } from './summary.js'

/** Exit codes of `msw-bits serve`. */
export const ExitCode = { OK: 0, CHECK_FAILED: 1, USAGE: 2 } as const

/** How long requests in progress may finish after SIGINT/SIGTERM, in ms. */
const SHUTDOWN_GRACE_MS = 2000

/** What `serve` runs against: the process, or a test's stand-ins. */
export interface ServeIo {
  stdout: Output
  stderr: Output
  /** Resolves when the server should stop (SIGINT/SIGTERM in the real process). */
  stopSignal: Promise<string>
}

/**
 * `msw-bits serve`: starts the loopback server, prints `msw-bits listening on <upload URL>`, then
 * the timeline; on the stop signal closes gracefully and prints the summary (to stderr with
 * `--json`, so stdout stays NDJSON).
 * @returns the exit code
 */
export async function serve(argv: readonly string[], io: ServeIo): Promise<number> {
  let args: ReturnType<typeof parseServeArgs>
  try {
    args = parseServeArgs(argv)
  } catch (error) {
    return usageError(error, io)
  }
  if (args.help) {
    io.stdout.write(`${SERVE_HELP}\n`)
    return ExitCode.OK
  }
  if (args.version) {
    io.stdout.write(`${packageVersion()}\n`)
    return ExitCode.OK
  }
  let srv: Awaited<ReturnType<typeof startBitsServer>>
  try {
    srv = await startBitsServer({
      ...args.server,
      onWarning: (message) => io.stderr.write(`msw-bits: warning: ${message}\n`),
    })
  } catch (error) {
    return usageError(error, io)
  }
  printBanner(srv, args, io)
  const stopView = startLiveView(srv.bits.journal, srv.bits.sessions, io.stdout, {
    json: args.json,
  })

  const signal = await io.stopSignal
  await srv.close({ graceMs: SHUTDOWN_GRACE_MS })
  stopView()
  const summary: RunSummary = {
    uploads: srv.bits.uploads.list(),
    pending: srv.bits.faults.pending(),
    violations: checkClientRules(srv.bits),
  }
  const report = args.json ? io.stderr : io.stdout
  report.write(`\nstopped by ${signal}\n${formatSummary(summary)}\n`)
  if (args.json) io.stdout.write(`${JSON.stringify({ summary })}\n`)
  return args.check && checkFails(summary) ? ExitCode.CHECK_FAILED : ExitCode.OK
}

/**
 * What the server is, before the timeline: the upload URL first (a script waits for that line),
 * the control URL, the plan, a directory `--store` made and the TLS certificate.
 */
function printBanner(srv: RunningBitsServer, args: ServeArgs, io: ServeIo): void {
  if (args.newStoreDir !== null)
    io.stderr.write(`msw-bits: --store: made the directory ${resolve(args.newStoreDir)}.\n`)
  const banner = `msw-bits listening on ${srv.url}`
  if (args.json)
    io.stdout.write(`${JSON.stringify({ listening: srv.url, control: srv.controlUrl })}\n`)
  else {
    io.stdout.write(`${banner}\n`)
    const plan = args.planFile ? `, plan ${args.planFile}` : ''
    io.stdout.write(`dashboard and control API ${srv.controlUrl}/${plan}; Ctrl-C stops\n`)
  }
  if (srv.certificate) {
    const { path, fingerprint256 } = srv.certificate
    // On stderr with --json, so stdout stays NDJSON.
    const out = args.json ? io.stderr : io.stdout
    out.write(
      `TLS certificate ${path} (SHA-256 ${fingerprint256}); trust it with curl --cacert ${path}\n`,
    )
  }
}

function usageError(error: unknown, io: ServeIo): number {
  if (!(error instanceof BitsUsageError) && !isListenError(error)) throw error
  const code = (error as NodeJS.ErrnoException).code
  // Node's own words ("listen EADDRINUSE: address already in use 127.0.0.1:8123") and the remedy.
  const remedy =
    code === 'EADDRINUSE'
      ? ' Another program holds that port: pick another with --port N, or --port 0 for any free one.'
      : ''
  const message = (error as Error).message.replace(/[^.]$/, '$&.')
  io.stderr.write(`msw-bits: ${message}${remedy}\n`)
  return ExitCode.USAGE
}

function isListenError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code
  return code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL'
}
