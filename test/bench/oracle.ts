/**
 * The oracle's cost in the journal's length: every client rule on journals of 10,000 and 100,000
 * entries, in shapes that stress each rule (many sessions with a host id and other clients' Pings,
 * one long retry chain, a 413 storm, lost sessions started over, a reply polled many times).
 * A linear rule costs about 10× as much at 100,000 as at 10,000; the target is every rule under a
 * second at 100,000 entries (DESIGN.md "Targets"). Columns: baseline = ms at a tenth of the
 * size, msw-bits = ms at the full size (entry counts in brackets), ratio = the growth.
 *
 *   npx tsx test/bench/oracle.ts          (BENCH_ORACLE_ENTRIES=100000 by default)
 */
import type { JournalEntry } from '../../src/index.js'
import { BitsError, CLIENT_RULES } from '../../src/index.js'
import { Analysis } from '../../src/oracle/analysis.js'
import { journalEntry } from '../support/journal-entries.js'
import { envInt, median } from './lib/measure.js'
import { fixed, formatTable, type Row } from './lib/table.js'

const TARGET_MS = 1_000
const ORIGIN = 'https://bits.example.test/uploads'
const NODE = 'node2.example.test'
const OPTIONS = {
  skip: new Set(),
  maxRetries: 3,
  minRetryDelayMs: 1,
  retryStorm: { resends: 10, windowMs: 5_000 },
  hostId: NODE,
  hostIdFallbackMs: 60_000,
  credentialsToHostId: false,
} as const satisfies ConstructorParameters<typeof Analysis>[1]

/** Builds a journal entry by entry: seq in order, 2 ms apart, answered 1 ms after arrival. */
class JournalBuilder {
  readonly entries: JournalEntry[] = []
  private clock = 1_000_000

  add(fields: Partial<JournalEntry>): JournalEntry {
    this.clock += 2
    const time = this.clock
    const status = fields.status === undefined ? 200 : fields.status
    const entry = journalEntry({
      seq: this.entries.length + 1,
      time,
      answeredAt: status === null ? null : time + 1,
      url: `${ORIGIN}/file.bin`,
      ...fields,
      status,
    })
    this.entries.push(entry)
    return entry
  }

  /** Create-Session, `fragments` 100-byte fragments and Close-Session on `host`. */
  session(id: string, fragments: number, url = `${ORIGIN}/file.bin`, host = NODE): void {
    const onHost = url.replace('bits.example.test', host)
    this.add({ packet: 'Create-Session', sessionId: id, url })
    const total = fragments * 100
    for (let i = 0; i < fragments; i++) {
      const range = { first: i * 100, last: i * 100 + 99, total }
      this.add({
        packet: 'Fragment',
        sessionId: id,
        url: onHost,
        range,
        receivedRange: range.last + 1,
      })
    }
    this.add({ packet: 'Close-Session', sessionId: id, url: onHost })
  }
}

const id = (n: number) => `{${String(n).padStart(8, '0')}-0000-0000-0000-000000000000}`

/** The journal shapes, each filled to about `size` entries. */
const SHAPES: Record<string, (size: number) => JournalEntry[]> = {
  'many sessions, host id, other clients’ Pings': (size) => {
    const journal = new JournalBuilder()
    for (let n = 0; journal.entries.length < size; n++) {
      journal.add({ packet: 'Ping', url: `${ORIGIN}/file-${n}.bin` })
      journal.session(id(n), 8, `${ORIGIN}/file-${n}.bin`)
    }
    return journal.entries
  },
  'one Close-Session resent on 503': (size) => {
    const journal = new JournalBuilder()
    journal.session(id(1), 1)
    journal.entries.pop()
    while (journal.entries.length < size - 1)
      journal.add({
        packet: 'Close-Session',
        sessionId: id(1),
        url: `https://${NODE}/uploads/file.bin`,
        status: 503,
      })
    journal.add({
      packet: 'Close-Session',
      sessionId: id(1),
      url: `https://${NODE}/uploads/file.bin`,
    })
    return journal.entries
  },
  'a 413 storm': (size) => {
    const journal = new JournalBuilder()
    const url = `https://${NODE}/uploads/file.bin`
    journal.add({ packet: 'Create-Session', sessionId: id(1) })
    const fragments = Math.floor(size / 2)
    const total = fragments * 100
    for (let i = 0; i < fragments; i++) {
      const big = { first: i * 100, last: Math.min(i * 100 + 199, total - 1), total }
      journal.add({ packet: 'Fragment', sessionId: id(1), url, range: big, status: 413 })
      const small = { first: i * 100, last: i * 100 + 99, total }
      journal.add({
        packet: 'Fragment',
        sessionId: id(1),
        url,
        range: small,
        receivedRange: small.last + 1,
      })
    }
    journal.add({ packet: 'Close-Session', sessionId: id(1), url })
    return journal.entries
  },
  'lost sessions started over': (size) => {
    const journal = new JournalBuilder()
    const url = `https://${NODE}/uploads/file.bin`
    for (let n = 0; journal.entries.length < size; n++) {
      journal.add({ packet: 'Create-Session', sessionId: id(n) })
      const range = { first: 0, last: 99, total: 100 }
      journal.add({
        packet: 'Fragment',
        sessionId: id(n),
        url,
        range,
        status: 500,
        errorCode: BitsError.SESSION_NOT_FOUND,
      })
    }
    return journal.entries
  },
  'a reply polled after failures': (size) => {
    const journal = new JournalBuilder()
    const url = `https://${NODE}/uploads/file.bin`
    const replyUrl = `https://${NODE}/uploads/BITS-Sessions/Replies/1/responsefile.bin`
    journal.add({ packet: 'Create-Session', sessionId: id(1) })
    journal.add({
      packet: 'Fragment',
      sessionId: id(1),
      url,
      range: { first: 0, last: 99, total: 100 },
      receivedRange: 100,
      replyUrl,
    })
    while (journal.entries.length < size - 1) {
      journal.add({ kind: 'reply', method: 'GET', url: replyUrl, status: 503 })
      journal.add({ packet: 'Close-Session', sessionId: id(1), url, status: 503 })
    }
    journal.add({ kind: 'reply', method: 'GET', url: replyUrl })
    journal.add({ packet: 'Close-Session', sessionId: id(1), url })
    return journal.entries
  },
}

/** Median ms of `rounds` runs of `work`. */
function time(work: () => void, rounds = 3): number {
  const samples: number[] = []
  for (let round = 0; round < rounds; round++) {
    const started = performance.now()
    work()
    samples.push(performance.now() - started)
  }
  return median(samples)
}

/**
 * Per shape: the shared analysis, the two rules that were quadratic (max-retries, use-host-id),
 * the slowest other rule, and every rule together; ms at a tenth of `size`, at `size`, and their
 * ratio (about 10× when linear).
 */
export function runOracleBench(size: number, log: (line: string) => void): Row[] {
  const rows: Row[] = []
  for (const [shape, build] of Object.entries(SHAPES)) {
    log(`oracle: ${shape}…`)
    const small = build(size / 10)
    const large = build(size)
    const cost = (entries: JournalEntry[]) => {
      const costs = new Map<string, number>()
      costs.set(
        'analysis',
        time(() => new Analysis(entries, OPTIONS)),
      )
      const analysis = new Analysis(entries, OPTIONS)
      for (const rule of CLIENT_RULES)
        costs.set(
          rule.id,
          time(() => rule.check(analysis)),
        )
      costs.set(
        'all rules with the analysis',
        time(() => {
          const once = new Analysis(entries, OPTIONS)
          for (const rule of CLIENT_RULES) rule.check(once)
        }),
      )
      return costs
    }
    const [before, after] = [cost(small), cost(large)]
    const others = CLIENT_RULES.map((rule) => rule.id).filter(
      (id) => id !== 'max-retries' && id !== 'use-host-id',
    )
    const slowest = others.reduce((a, b) => ((after.get(a) ?? 0) >= (after.get(b) ?? 0) ? a : b))
    for (const what of [
      'analysis',
      'max-retries',
      'use-host-id',
      slowest,
      'all rules with the analysis',
    ]) {
      const ms = after.get(what) ?? Number.NaN
      const tenth = before.get(what) ?? Number.NaN
      rows.push({
        metric: `${shape}: ${what === slowest ? `slowest other rule (${what})` : what}, ms`,
        baseline: `${fixed(tenth, 2)} (${small.length})`,
        subject: `${fixed(ms, 2)} (${large.length})`,
        ratio: `${fixed(ms / Math.max(tenth, 0.01), 1)}×`,
        target: `< ${TARGET_MS} ms`,
        pass: ms < TARGET_MS,
      })
    }
  }
  return rows
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const size = envInt('BENCH_ORACLE_ENTRIES', 100_000)
  const rows = runOracleBench(size, (line) => console.error(`[bench] ${line}`))
  console.log(formatTable(rows))
  const failed = rows.filter((row) => row.pass === false)
  console.log(`\n${failed.length === 0 ? 'All oracle targets met' : `${failed.length} missed`}.`)
  if (failed.length > 0 && process.env.BENCH_STRICT === '1') process.exitCode = 1
}
