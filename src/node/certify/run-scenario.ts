import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { formatPending } from '../../faults/index.js'
import { formatTimeline } from '../../journal/index.js'
import { checkClientRules } from '../../oracle/index.js'
import type { ClientRunner } from './client-runners.js'
import { payloadBytes, sha256Hex } from './payload.js'
import type { Scenario, ScenarioResult } from './report-types.js'
import { startScenarioServer } from './scenario-server.js'
import { judge } from './verdict.js'

/**
 * Runs one scenario: the payload to a temporary file, a fresh loopback server with the scenario's
 * plan and options, the client once (at most `timeoutMs`), then the verdict from the exit, the
 * stored upload, the pending fault rules and the oracle. The server and the file are gone after.
 */
export async function runScenario(
  scenario: Scenario,
  runner: ClientRunner,
  timeoutMs: number,
): Promise<ScenarioResult> {
  const started = performance.now()
  const bytes = payloadBytes(scenario.payload)
  const sha256Expected = sha256Hex(bytes)
  const dir = await mkdtemp(join(tmpdir(), 'msw-bits-certify-'))
  const file = join(dir, scenario.payload.name)
  await writeFile(file, bytes)
  const { server, url, setupSeqs } = await startScenarioServer(scenario)
  try {
    const before = server.bits.uploads.get(scenario.payload.name)?.sessionId
    const exit = await runner({ url, file, bytes }, timeoutMs)
    const { bits } = server
    const journal = bits.journal.entries.filter((entry) => entry.seq > setupSeqs)
    const stored = bits.uploads.get(scenario.payload.name)
    const uploaded = stored !== undefined && stored.sessionId !== before
    const violations = checkClientRules({ journal, options: bits.options }, scenario.oracle)
    const pending = bits.faults.pending()
    const sha256Stored = uploaded ? stored.sha256 : null
    const judgement = judge({
      scenario,
      exit,
      sha256Expected,
      sha256Stored,
      violations,
      pending,
      lastSeq: journal.at(-1)?.seq ?? null,
      timeoutMs,
    })
    return {
      id: scenario.id,
      title: scenario.title,
      section: scenario.section,
      expect: scenario.expect,
      ...judgement,
      exitCode: exit.exitCode,
      durationMs: Math.round(performance.now() - started),
      uploaded,
      sha256Expected,
      sha256Stored,
      group: scenario.id.split('.')[0] ?? '',
      spec: scenario.spec,
      plan: scenario.plan,
      server: scenario.server ?? {},
      payload: scenario.payload,
      timedOut: exit.timedOut,
      pendingFaults: pending.length > 0 ? formatPending(pending).split('\n') : [],
      timeline: formatTimeline(journal, {
        seed: bits.journal.seed,
        serverSeed: bits.journal.serverSeed,
        dropped: bits.journal.dropped,
        limit: bits.journal.limit,
      }),
      journal: [...journal],
      stdoutTail: exit.stdoutTail,
      stderrTail: exit.stderrTail,
    }
  } finally {
    await server.close()
    await rm(dir, { recursive: true, force: true })
  }
}
