// A certification report made from real runs: the reference client (and a broken variant) upload
// through the engine in process, and each run becomes a ScenarioResult as the runner makes one.
// The report writers' tests use it, so they do not depend on the full 40-scenario run.
import { checkClientRules, createBitsServer, type FaultPlan } from 'msw-bits'
import type { CertifyReport, ScenarioResult } from 'msw-bits/node'
import { uploadBits } from './bits-client.js'
import { generateBytes, sha256Hex } from './payloads.js'

const BASE = 'https://bits.example.test/uploads'

interface Case {
  id: string
  title: string
  section: string
  spec: string
  plan: FaultPlan
  expect: 'recover' | 'give-up'
  /** Gives up on Close-Session after its first 5xx (breaks "resend Close-Session on 5xx"). */
  broken?: boolean
}

/** Runs one case in process and grades it as the runner would (outcome + violations). */
export async function runCase(c: Case): Promise<ScenarioResult> {
  const bits = createBitsServer({ baseUrl: BASE, faults: c.plan })
  const data = generateBytes(20_000, Number(c.id.replace('.', '')))
  const started = Date.now()
  let error: unknown = null
  await uploadBits({
    url: `${BASE}/crash.dmp`,
    data,
    fragmentSize: 8192,
    retryDelayMs: 1,
    maxRetries: c.broken ? 0 : 8,
    fetch: (input, init) => bits.handle(new Request(input, init)),
  }).catch((thrown: unknown) => {
    error = thrown
  })
  const stored = bits.uploads.get('crash.dmp')
  const violations = checkClientRules(bits).map((v) => ({ ...v, level: 'must' as const }))
  const recovered = error === null && stored?.sha256 === sha256Hex(data)
  const outcomeOk = c.expect === 'recover' ? recovered : error !== null
  const verdict = outcomeOk && violations.length === 0 ? 'pass' : 'fail'
  const reason =
    verdict === 'pass'
      ? c.expect === 'recover'
        ? 'recovered: upload byte-exact'
        : 'gave up as it should'
      : violations.length > 0
        ? `${violations[0]!.rule}: ${violations[0]!.message}`
        : `expected ${c.expect}, the client ${error === null ? 'recovered' : 'gave up'}`
  return {
    id: c.id,
    title: c.title,
    section: c.section,
    expect: c.expect,
    verdict,
    reason,
    violations,
    exitCode: error === null ? 0 : 1,
    durationMs: Date.now() - started,
    uploaded: stored !== undefined,
    sha256Expected: sha256Hex(data),
    sha256Stored: stored?.sha256 ?? null,
    group: c.id.split('.')[0]!,
    spec: c.spec,
    plan: c.plan,
    server: {},
    payload: { size: data.byteLength, seed: 1, name: 'crash.dmp' },
    timedOut: false,
    pendingFaults: bits.faults.pending().map((rule) => `${rule.name}: never fired`),
    timeline: bits.journal.format(),
    journal: [...bits.journal.entries],
    stdoutTail: error === null ? 'uploaded crash.dmp\n' : '',
    stderrTail: error === null ? '' : `${String(error)}\n`,
  }
}

const CASES: Case[] = [
  {
    id: '1.1',
    title: 'One fragment, clean',
    section: '[MC-BUP] §2.2.6',
    spec: 'The client sends the file in fragments, each with a Content-Range.',
    plan: { rules: [] },
    expect: 'recover',
  },
  {
    id: '3.1',
    title: 'Fragment 503 ×3',
    section: 'W32: ack-for-fragment',
    spec: 'A 5xx answer is transient: the client resends the packet.',
    plan: { rules: [{ packet: 'Fragment', after: 1, times: 3, respond: { status: 503 } }] },
    expect: 'recover',
  },
  {
    id: '3.3',
    title: 'Close-Session 503 <twice> & "quoted"',
    section: '[MC-BUP] §3.1.5.1.5',
    spec: 'Close-Session is resent on 500–599 unless the error is BG_E_SESSION_NOT_FOUND.',
    plan: { rules: [{ packet: 'Close-Session', times: 2, respond: { status: 503 } }] },
    expect: 'recover',
    broken: true,
  },
  {
    id: '5.1',
    title: 'Fragment 0x5 fatal error',
    section: '[MC-BUP] §3.2.5.2.3',
    spec: 'A 4xx with context 0x5 is fatal: the client stops.',
    plan: {
      rules: [{ packet: 'Fragment', respond: { status: 403, error: '0x80070005', context: 5 } }],
    },
    expect: 'give-up',
  },
]

/** A report of four real runs: three pass, one fails (a client that gives up on Close-Session). */
export async function sampleReport(): Promise<CertifyReport> {
  const scenarios: ScenarioResult[] = []
  for (const c of CASES) scenarios.push(await runCase(c))
  const counts = { pass: 0, 'non-strict': 0, fail: 0 }
  for (const s of scenarios) counts[s.verdict]++
  return {
    client: 'node broken-uploader.mjs {url} {file} # <b>not markup</b>',
    startedAt: '2026-01-01T00:00:00.000Z',
    version: '0.1.0',
    durationMs: scenarios.reduce((sum, s) => sum + s.durationMs, 0),
    counts,
    scenarios,
  }
}
