// The shapes `msw-bits certify` and `certifyClient` share with the report writers (report/).
// Data only: a scenario as the catalogue holds it, a report as report.json holds it.
import type { FaultPlan } from '../../faults/index.js'
import type { JournalEntry } from '../../journal/index.js'
import type { ClientRuleOptions, RuleId, RuleLevel } from '../../oracle/index.js'
import type { BitsServerOptions } from '../../server/options.js'

/**
 * What a conforming client does in a scenario: `recover` (the upload completes, byte-exact, exit 0)
 * or `give-up` (it stops and reports failure, non-zero exit, with no forbidden resends).
 * @example
 *   import { CATALOGUE, type ScenarioExpect } from 'msw-bits/node'
 *
 *   const expect: ScenarioExpect = 'give-up'
 *   const fatal = CATALOGUE.filter((scenario) => scenario.expect === expect).map(({ id }) => id)
 */
export type ScenarioExpect = 'recover' | 'give-up'

/**
 * A scenario's verdict, as Autobahn|Testsuite grades a case: `pass`, `non-strict` (the outcome
 * matched but the client broke a SHOULD rule), `fail` (wrong outcome, bytes differ, a MUST rule
 * broken, a fault never reached, or the timeout hit).
 * @example
 *   import { certifyClient, type Verdict } from 'msw-bits/node'
 *
 *   const report = await certifyClient(myUploader)
 *   const verdicts: Verdict[] = report.scenarios.map(({ verdict }) => verdict)
 */
export type Verdict = 'pass' | 'non-strict' | 'fail'

/**
 * Every verdict, best first: the order counts and tables list them in.
 * @example
 *   import { certifyClient, VERDICTS } from 'msw-bits/node'
 *
 *   const { counts } = await certifyClient(myUploader)
 *   console.log(VERDICTS.map((verdict) => `${verdict}: ${counts[verdict]}`).join(', '))
 */
export const VERDICTS: readonly Verdict[] = Object.freeze(['pass', 'non-strict', 'fail'])

/**
 * The groups of the catalogue, by the number before the dot of a scenario id.
 * @example
 *   import { CATALOGUE, SCENARIO_GROUPS } from 'msw-bits/node'
 *
 *   for (const { id, title } of CATALOGUE) console.log(SCENARIO_GROUPS[id.split('.')[0]!], id, title)
 *   // Clean uploads 1.1 …
 */
export const SCENARIO_GROUPS: Readonly<Record<string, string>> = Object.freeze({
  '1': 'Clean uploads',
  '2': 'Server resync',
  '3': '5xx bursts',
  '4': 'Lost sessions',
  '5': 'Error contexts',
  '6': 'Lost Acks',
  '7': 'Transport',
  '8': 'IIS limits',
  '9': 'Authentication',
  '10': 'Upload-reply',
  '11': 'Host-Id',
  '12': 'OneDrive dialect',
})

/**
 * The bytes a scenario uploads: `size` bytes made from `seed` (the same seed, the same bytes),
 * uploaded as `name` (the remote name at the end of `{url}`, and the temporary file's name).
 * @example
 *   import { CATALOGUE, type ScenarioPayload } from 'msw-bits/node'
 *
 *   const largest: ScenarioPayload = CATALOGUE.map((s) => s.payload).sort((a, b) => b.size - a.size)[0]!
 *   console.log(`${largest.name}: ${largest.size} bytes`)
 */
export interface ScenarioPayload {
  /** In bytes (0 allowed). */
  size: number
  /** Seed of the bytes. */
  seed: number
  /** Remote and local file name, e.g. `crash-2024-05-01.dmp`. */
  name: string
}

/**
 * Server options a scenario sets, beyond its plan: the JSON-able subset of `startBitsServer`'s,
 * as {@link BitsServerOptions} documents them, and two of the runner's own. In `hostId`, the
 * runner replaces `{host}` with the loopback server's `127.0.0.1:<port>` and `{alias}` with
 * `localhost:<port>` (the same server under another name); with `auth`, it puts the credentials
 * in `{url}` (`http://user:pass@…`).
 * @see W32: "BITS IIS Extension Properties"
 * @example
 *   import type { ScenarioServerOptions } from 'msw-bits/node'
 *
 *   // Scenario 8.3: IIS refuses a second upload to the same name.
 *   const server: ScenarioServerOptions = { allowOverwrites: false, preexisting: true }
 */
export interface ScenarioServerOptions
  extends Pick<
    BitsServerOptions,
    | 'uploadEnabled'
    | 'maxUploadSize'
    | 'maxFragmentSize'
    | 'sessionTimeout'
    | 'hostId'
    | 'hostIdFallbackTimeout'
    | 'allowOverwrites'
    | 'auth'
    | 'dialect'
  > {
  /** Upload the payload's name once before the client runs, so an overwrite can be refused. */
  preexisting?: boolean
  /** Upload-reply: the reply body served at `BITS-Reply-URL` (UTF-8 text). */
  reply?: { body: string }
}

/**
 * One scenario of the catalogue: plain data, JSON-able, as `CATALOGUE` holds it.
 * @example
 *   import type { Scenario } from 'msw-bits/node'
 *
 *   const scenario: Scenario = {
 *     id: '3.3',
 *     title: 'Close-Session 503 ×2',
 *     section: '[MC-BUP] §3.1.5.1.5',
 *     spec: 'Close-Session is resent on 500–599 …',
 *     expect: 'recover',
 *     payload: { size: 4096, seed: 32, name: 'close-503.bin' },
 *     plan: { rules: [{ packet: 'Close-Session', times: 2, respond: { status: 503 } }] },
 *   }
 */
export interface Scenario {
  /** `<group>.<case>`, e.g. `3.2`. */
  id: string
  /** One line, e.g. `Close-Session 503 ×2`. */
  title: string
  /** Where the checked behaviour is written: `[MC-BUP] §3.2.5.2.6` or `W32: <page>`. */
  section: string
  /** The sentence of that source the scenario checks. */
  spec: string
  /** The fault plan the server runs. */
  plan: FaultPlan
  payload: ScenarioPayload
  expect: ScenarioExpect
  /** Server options beyond the plan. */
  server?: ScenarioServerOptions
  /** Oracle options for this scenario (e.g. a `hostIdFallbackTimeout`). */
  oracle?: Pick<ClientRuleOptions, 'skip' | 'maxRetries' | 'minRetryDelayMs'>
  /** This scenario's own timeout, in seconds, when it needs longer than the run's. */
  timeoutSeconds?: number
}

/**
 * A client-rule violation in a report: the oracle's, with how strictly the rule is held.
 * @see [MC-BUP] §3.1.5
 * @example
 *   import { certifyClient, type ReportedViolation } from 'msw-bits/node'
 *
 *   const report = await certifyClient(myUploader)
 *   const musts: ReportedViolation[] = report.scenarios
 *     .flatMap((scenario) => scenario.violations)
 *     .filter((violation) => violation.level === 'must')
 */
export interface ReportedViolation {
  rule: RuleId
  level: RuleLevel
  /** What happened, naming journal entries by `#seq`. */
  message: string
  /** The journal `seq`s involved. */
  seqs: number[]
}

/**
 * One scenario's result: report.json's fields (DESIGN.md "Certify"), then what a report page shows.
 * @example
 *   import { certifyClient, type ScenarioResult } from 'msw-bits/node'
 *
 *   const report = await certifyClient(myUploader, {
 *     onResult: (result: ScenarioResult) => console.log(result.id, result.verdict, `${result.durationMs} ms`),
 *   })
 */
export interface ScenarioResult {
  id: string
  title: string
  section: string
  expect: ScenarioExpect
  verdict: Verdict
  /** One line: why this verdict, naming the rule and the journal entries (`#4, #5`). */
  reason: string
  violations: ReportedViolation[]
  /** The command's exit code; `null` when it was killed (timeout) or it is in-process and threw nothing. */
  exitCode: number | null
  /** Wall time of the scenario, in ms. */
  durationMs: number
  /** Whether the server stored a completed upload under the payload's name. */
  uploaded: boolean
  /** SHA-256 (hex) of the payload. */
  sha256Expected: string
  /** SHA-256 (hex) of what the server stored, or `null` when nothing was stored. */
  sha256Stored: string | null
  // What the report page needs:
  /** The group number, e.g. `'3'` (see {@link SCENARIO_GROUPS}). */
  group: string
  /** The spec sentence checked. */
  spec: string
  /** The fault plan that ran. */
  plan: FaultPlan
  /** The server options beyond the plan. */
  server: ScenarioServerOptions
  payload: ScenarioPayload
  /** Whether the scenario's timeout ended it. */
  timedOut: boolean
  /** Plan rules that never acted (`formatPending` lines); any makes the verdict `fail`. */
  pendingFaults: string[]
  /** The journal as text (`formatTimeline`), one line per request. */
  timeline: string
  /** The journal entries. */
  journal: JournalEntry[]
  /** The last lines of the client's stdout (at most 4 KiB), or of its error message in process. */
  stdoutTail: string
  /** The last lines of the client's stderr (at most 4 KiB). */
  stderrTail: string
}

/**
 * Scenario counts by verdict.
 * @example
 *   import { certifyClient, type VerdictCounts } from 'msw-bits/node'
 *
 *   const counts: VerdictCounts = (await certifyClient(myUploader)).counts
 *   expect(counts.fail).toBe(0) // { pass: 55, 'non-strict': 1, fail: 0 }
 */
export type VerdictCounts = Record<Verdict, number>

/**
 * A certification run: report.json (DESIGN.md "Certify").
 * @example
 *   import { certifyClient } from 'msw-bits/node'
 *
 *   const report = await certifyClient(myUploader)
 *   report.scenarios.filter((s) => s.verdict === 'fail').map((s) => `${s.id} ${s.reason}`)
 */
export interface CertifyReport {
  /** The command line, or the in-process client's name. */
  client: string
  /** ISO 8601 time the run started. */
  startedAt: string
  /** The msw-bits version that ran it. */
  version: string
  /** Wall time of the whole run, in ms. */
  durationMs: number
  counts: VerdictCounts
  scenarios: ScenarioResult[]
}
