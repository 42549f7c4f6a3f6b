import { existsSync, readFileSync } from 'node:fs'
import { type ParseArgsConfig, parseArgs } from 'node:util'
import { type FaultPlan, validatePlan } from '../../faults/index.js'
import { didYouMean } from '../../shared/did-you-mean.js'
import { BitsUsageError } from '../../shared/usage-error.js'
import type { StartBitsServerOptions } from '../start-bits-server.js'
import { shippedPlanFile } from './shipped-plans.js'

/** The CLI's default port (`npx msw-bits serve`). */
export const DEFAULT_PORT = 8123

/** Flags of `msw-bits serve`, one per server option. */
const FLAGS = {
  port: { type: 'string', short: 'p' },
  host: { type: 'string' },
  'base-path': { type: 'string' },
  plan: { type: 'string' },
  store: { type: 'string' },
  seed: { type: 'string' },
  'host-id': { type: 'string' },
  'host-id-fallback-timeout': { type: 'string' },
  'max-upload-size': { type: 'string' },
  'max-fragment-size': { type: 'string' },
  'session-timeout': { type: 'string' },
  'allow-overwrites': { type: 'string' },
  'upload-enabled': { type: 'string' },
  auth: { type: 'string' },
  realm: { type: 'string' },
  'create-session-status': { type: 'string' },
  dialect: { type: 'string' },
  'error-headers': { type: 'string' },
  'missing-content-length': { type: 'string' },
  'strict-content-length': { type: 'boolean' },
  'header-wait-timeout': { type: 'string' },
  'connection-timeout': { type: 'string' },
  'max-request-bytes': { type: 'string' },
  tls: { type: 'boolean' },
  cert: { type: 'string' },
  key: { type: 'string' },
  'allowed-host': { type: 'string', multiple: true },
  cors: { type: 'string', multiple: true },
  'allow-remote-control': { type: 'boolean' },
  json: { type: 'boolean' },
  check: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const satisfies ParseArgsConfig['options']

/** Flags in seconds that take fractions. */
const DECIMAL_FLAGS = new Set<string>([
  'session-timeout',
  'header-wait-timeout',
  'connection-timeout',
])

/** `msw-bits serve --help`. */
export const SERVE_HELP = `Usage: msw-bits serve [options]

A BITS upload server (BITS Upload Protocol 1.5) on 127.0.0.1, for any client in any language.
Prints "msw-bits listening on <upload URL>", then the timeline; Ctrl-C prints a summary.

Server
  -p, --port N                     TCP port, 0 for any free one (default ${DEFAULT_PORT})
      --host H                     interface to listen on (default 127.0.0.1); another than
                                   loopback warns and needs --auth or --allow-remote-control
      --base-path PATH             upload path; remote names are paths under it (default /uploads)
      --store memory|digest|DIR    keep bytes in memory (default), only size and SHA-256,
                                   or write completed uploads under the directory DIR (made
                                   if missing, when written as a path: ./DIR)
      --seed N                     seed of session ids and fault probabilities (default 0)
      --tls                        https with a self-signed certificate for localhost and
                                   127.0.0.1, made at start; prints its file and fingerprint
      --cert FILE --key FILE       https with your certificate and key (PEM)
IIS properties
      --max-upload-size BYTES      BITSMaximumUploadSize (default unlimited)
      --max-fragment-size BYTES    largest fragment taken; larger ones get 413 (default unlimited)
      --session-timeout S          BITSSessionTimeout in seconds (default 1209600)
      --host-id H                  BITSHostId, sent in BITS-Host-Id
      --host-id-fallback-timeout S BITSHostIdFallbackTimeout in seconds (default 86400)
      --allow-overwrites BOOL      BITSAllowOverwrites (default true)
      --upload-enabled BOOL        BITSUploadEnabled (default true)
      --auth USER:PASSWORD         basicAuthentication: requests without these credentials get
                                   401 and a Basic challenge, control API and dashboard too
                                   (default none)
      --realm R                    the realm of that challenge (default the host)
Answers
      --create-session-status N    200 (default) or 201, as OneDrive
      --dialect NAME               iis (default) or onedrive: 201 to Create-Session, X-Resource-Id
      --error-headers NAME         both (default), BITS-Error-Code or BITS-Error
      --missing-content-length N   status for a Fragment without Content-Length: 400 (default) or 411
      --strict-content-length      refuse a missing Content-Length on every packet, as Windows
Connections (IIS and HTTP.sys limits)
      --header-wait-timeout S      seconds a request's headers may take (default 120)
      --connection-timeout S       seconds a connection may wait silent on the client (default 120)
      --max-request-bytes BYTES    longest request line and headers; longer get 400 (default 16384)
Who may talk to it (see the README's "Security")
      --allowed-host H             answer requests for Host H too, beside localhost, *.localhost,
                                   IP addresses and the listening host; .example.test for a
                                   domain and its subdomains; repeatable; "all" turns the check
                                   off (warns): others get 403, which keeps DNS rebinding out
      --cors ORIGIN                let pages of ORIGIN (http://localhost:5173) upload from a
                                   browser: CORS on the upload URL only; repeatable
      --allow-remote-control       with a non-loopback --host and no --auth, open the control API
                                   to the network anyway (otherwise refused)
Faults and checks
      --plan FILE|NAME             a fault plan (JSON, see msw-bits/fault-plan.schema.json), or
                                   the name of a shipped one (msw-bits plans lists them)
      --json                       print the journal as NDJSON, one entry per line
      --check                      exit 1 at shutdown if the client broke a rule or a fault never fired
  -h, --help                       this text
  -v, --version                    the msw-bits version

The control API answers under /__bits/; open /__bits/ in a browser for the dashboard.
Exit codes: 0 done, 1 --check found a problem, 2 bad usage.`

/** What `msw-bits serve` was asked to do. */
export interface ServeArgs {
  help: boolean
  version: boolean
  json: boolean
  check: boolean
  server: StartBitsServerOptions
  /** The plan file given, for the banner. */
  planFile: string | null
  /** `--store DIR` when DIR did not exist: the server makes it, and the CLI says so. */
  newStoreDir: string | null
}

/**
 * Reads `msw-bits serve` arguments.
 * @throws {BitsUsageError} `INVALID_ARGUMENTS` naming the flag; `INVALID_PLAN` for a bad plan file
 */
export function parseServeArgs(argv: readonly string[]): ServeArgs {
  let values: ReturnType<typeof parseArgs<{ options: typeof FLAGS; strict: true }>>['values']
  try {
    values = parseArgs({
      args: [...argv],
      options: FLAGS,
      strict: true,
      allowPositionals: false,
    }).values
  } catch (error) {
    throw usage(unknownFlag((error as Error).message))
  }
  const server: StartBitsServerOptions = {
    port: integer(values.port, '--port') ?? DEFAULT_PORT,
    baseUrl: `http://127.0.0.1${basePath(values['base-path'] ?? '/uploads')}`,
  }
  if (values.host !== undefined) server.host = values.host
  if (values.store !== undefined) server.store = store(values.store)
  const storeDir = values.store === undefined ? null : storeDirectory(server.store)
  const numeric: [keyof typeof values, keyof StartBitsServerOptions][] = [
    ['seed', 'seed'],
    ['host-id-fallback-timeout', 'hostIdFallbackTimeout'],
    ['max-upload-size', 'maxUploadSize'],
    ['max-fragment-size', 'maxFragmentSize'],
    ['session-timeout', 'sessionTimeout'],
    ['create-session-status', 'createSessionStatus'],
    ['missing-content-length', 'missingContentLengthStatus'],
    ['header-wait-timeout', 'headerWaitTimeout'],
    ['connection-timeout', 'connectionTimeout'],
    ['max-request-bytes', 'maxRequestBytes'],
  ]
  const target = server as Record<string, unknown>
  for (const [flag, option] of numeric) {
    const value = DECIMAL_FLAGS.has(flag)
      ? decimal(values[flag] as string | undefined, `--${flag}`)
      : integer(values[flag] as string | undefined, `--${flag}`)
    if (value !== undefined) target[option] = value
  }
  for (const [flag, option] of [
    ['allow-overwrites', 'allowOverwrites'],
    ['upload-enabled', 'uploadEnabled'],
  ] as const) {
    const value = boolean(values[flag], `--${flag}`)
    if (value !== undefined) server[option] = value
  }
  if (values['host-id'] !== undefined) server.hostId = values['host-id']
  if (values.auth !== undefined) server.auth = credentials(values.auth, values.realm)
  else if (values.realm !== undefined) throw usage('--realm needs --auth')
  if (values['error-headers'] !== undefined) target.errorHeaders = values['error-headers']
  if (values.dialect !== undefined) target.dialect = values.dialect
  if (values['strict-content-length']) server.strictContentLength = true
  const planFile = values.plan === undefined ? null : shippedPlanFile(values.plan)
  if (planFile !== null) server.faults = readPlan(planFile)
  const hosts = values['allowed-host']
  if (hosts !== undefined) server.allowedHosts = hosts.includes('all') ? true : hosts
  if (values.cors !== undefined) server.cors = { origins: values.cors }
  if (values['allow-remote-control']) server.allowRemoteControl = true
  if (values.tls) server.tls = true
  if (values.cert !== undefined || values.key !== undefined) {
    if (values.cert === undefined || values.key === undefined)
      throw usage('--cert and --key go together')
    server.tls = { cert: readText(values.cert, '--cert'), key: readText(values.key, '--key') }
  }
  return {
    help: values.help ?? false,
    version: values.version ?? false,
    json: values.json ?? false,
    check: values.check ?? false,
    server,
    planFile,
    newStoreDir: storeDir !== null && !existsSync(storeDir) ? storeDir : null,
  }
}

/** `USER:PASSWORD`, split at the first colon as Basic does (a user name holds none). */
function credentials(value: string, realm: string | undefined): StartBitsServerOptions['auth'] {
  const colon = value.indexOf(':')
  if (colon <= 0) throw usage(`--auth: expected USER:PASSWORD, got ${JSON.stringify(value)}`)
  const auth = { username: value.slice(0, colon), password: value.slice(colon + 1) }
  return realm === undefined ? auth : { ...auth, realm }
}

function readText(file: string, flag: string): string {
  try {
    return readFileSync(file, 'utf8')
  } catch (error) {
    throw usage(
      `${flag}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    )
  }
}

/** `--unknown`'s parseArgs message, with the closest flag as a remedy. */
function unknownFlag(message: string): string {
  const flag = /Unknown option '(--[^']+)'/.exec(message)?.[1]
  if (flag === undefined) return message
  const flags = Object.keys(FLAGS).map((name) => `--${name}`)
  return `unknown flag ${flag}.${didYouMean(flag, flags)}`
}

/**
 * `memory`, `digest`, or a directory: one that exists, or a path written as one (`./uploads`,
 * `/tmp/x`) that the store creates. A bare word that is neither is a typo, not a new folder.
 */
function store(value: string): NonNullable<StartBitsServerOptions['store']> {
  if (value === 'memory' || value === 'digest') return value
  if (existsSync(value) || /[/\\]/.test(value)) return { dir: value }
  throw usage(
    `--store: expected memory, digest or an existing directory, got ${JSON.stringify(value)}.${didYouMean(value, ['memory', 'digest'])} Write ./${value} to create a directory`,
  )
}

/** The directory of a `--store DIR`, or `null` for memory and digest. */
function storeDirectory(store: StartBitsServerOptions['store']): string | null {
  return typeof store === 'object' && 'dir' in store ? store.dir : null
}

/** The plan in `file`, checked now so the message names the file. */
function readPlan(file: string): FaultPlan {
  const text = readText(file, '--plan')
  let plan: unknown
  try {
    plan = JSON.parse(text)
  } catch (error) {
    throw usage(`--plan: ${file} is not JSON (${(error as Error).message})`)
  }
  return validatePlan(plan, file)
}

function basePath(value: string): string {
  return value.startsWith('/') ? value : `/${value}`
}

function integer(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined
  if (!/^-?\d+$/.test(value.trim()))
    throw usage(`${flag}: expected an integer, got ${JSON.stringify(value)}`)
  return Number(value)
}

function decimal(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined
  const number = Number(value)
  if (value.trim() === '' || !Number.isFinite(number))
    throw usage(`${flag}: expected a number, got ${JSON.stringify(value)}`)
  return number
}

function boolean(value: string | undefined, flag: string): boolean | undefined {
  if (value === undefined) return undefined
  if (value === 'true' || value === '1') return true
  if (value === 'false' || value === '0') return false
  throw usage(`${flag}: expected true or false, got ${JSON.stringify(value)}`)
}

function usage(message: string): BitsUsageError {
  return new BitsUsageError(
    'INVALID_ARGUMENTS',
    `Failed to read the arguments: ${message}${/[.?]$/.test(message) ? '' : '.'} See msw-bits serve --help.`,
  )
}
