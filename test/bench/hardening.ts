/**
 * Issue 17 item 6, "bounded memory by construction", as figures: each hostile input below is sent
 * over raw TCP to a loopback server alone in a fresh child process (hardening-server.ts), and the
 * row shows that process's RSS before (after a collection), its peak during the input (Linux
 * VmHWM) and what it still holds after a collection, with the ArrayBuffers it holds.
 *
 *   npx tsx test/bench/hardening.ts [item id…]   (or BENCH_ONLY=hardening with run.ts)
 *
 * Item ids: fragment-unknown, expect-continue, pipelined-hang, control-put, declared-totals.
 *
 * Rows are for information: the answer each input got is in the row's name.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { BITS_PROTOCOL_GUID } from '../../src/index.js'
import { header, type RawConnection, rawConnect, rawRequest } from '../node/support/raw-http.js'
import type { MemorySample } from './hardening-server.js'
import { MiB } from './lib/payload.js'
import { fixed, formatTable, type Row } from './lib/table.js'

const CHILD = fileURLToPath(new URL('./hardening-server.ts', import.meta.url))
/** How long a body is pumped, or a request waits for its answer, before the row says so. */
const PUMP_MS = 20_000
const ANSWER_MS = 5_000
/** A socket that has not drained for this long belongs to a server that stopped reading. */
const STALL_MS = 3_000
const UNKNOWN_SESSION = '{00000000-0000-0000-0000-00000000DEAD}'
const PIPELINED = 100_000
const PIPELINE_BATCH = 1_000
const SESSIONS = 60

/** One hostile input: what it is, and how it is sent; answers what the server did. */
interface HardeningItem {
  id: string
  what: string
  send(connection: RawConnection): Promise<string>
}

const ITEMS: HardeningItem[] = [
  {
    id: 'fragment-unknown',
    what: '400 MiB Fragment to an unknown session',
    send: async (connection) => {
      const head = fragmentHead('big.bin', UNKNOWN_SESSION, 0, 400 * MiB, 400 * MiB)
      return answerAfterBody(connection, head, 400 * MiB)
    },
  },
  {
    id: 'expect-continue',
    what: 'Expect: 100-continue, 1 TB declared, unknown session',
    send: async (connection) => {
      const terabyte = 1024 ** 4
      connection.write(
        fragmentHead('tb.bin', UNKNOWN_SESSION, 0, terabyte, terabyte, {
          Expect: '100-continue',
        }),
      )
      return describeAnswer(await answerWithin(connection.next(), ANSWER_MS))
    },
  },
  {
    id: 'pipelined-hang',
    what: `${PIPELINED.toLocaleString('en')} pipelined Pings behind a hang`,
    send: sendPipelined,
  },
  {
    id: 'control-put',
    what: '300 MiB PUT /__bits/faults',
    send: async (connection) => {
      const head = rawRequest('PUT', '/__bits/faults', {
        'Content-Type': 'application/json',
        'Content-Length': 300 * MiB,
      })
      return answerAfterBody(connection, head, 300 * MiB)
    },
  },
  {
    id: 'declared-totals',
    what: `${SESSIONS} sessions × 64 MiB declared, a 1-byte Fragment each`,
    send: sendDeclaredTotals,
  },
]

/** A Fragment head for bytes `first`..`first + length - 1` of `total`, its body to follow. */
function fragmentHead(
  name: string,
  sessionId: string,
  first: number,
  length: number,
  total: number,
  extra: Record<string, string> = {},
): Buffer {
  return rawRequest('BITS_POST', `/uploads/${name}`, {
    'BITS-Packet-Type': 'Fragment',
    'BITS-Session-Id': sessionId,
    'Content-Range': `bytes ${first}-${first + length - 1}/${total}`,
    'Content-Length': length,
    ...extra,
  })
}

/** Sends `head`, then up to `length` body bytes until the server answers, closes or stops reading. */
async function answerAfterBody(connection: RawConnection, head: Buffer, length: number) {
  connection.write(head)
  const answer = connection.next()
  const chunk = new Uint8Array(MiB).fill(0x20)
  const { sent } = await pump(
    connection,
    Math.ceil(length / MiB),
    Promise.race([answer, connection.closed]),
    (i) => chunk.subarray(0, Math.min(MiB, length - i * MiB)),
  )
  const body = sent > 0 ? ` after ${fixed(sent / MiB)} MiB of body` : ''
  return describeAnswer(await answerWithin(answer, ANSWER_MS), body)
}

/**
 * Writes `count` chunks (`chunk(i)`), each once the socket has drained the last, until `stop`
 * settles, the server stops reading ({@link STALL_MS} without a drain: the rest would only pile up
 * in this process) or {@link PUMP_MS} pass. Returns the chunks and bytes handed to the socket.
 */
async function pump(
  connection: RawConnection,
  count: number,
  stop: Promise<unknown>,
  chunk: (index: number) => Uint8Array,
): Promise<{ chunks: number; sent: number; stalled: boolean }> {
  const { socket } = connection
  let stopped = false
  const stopping = stop.then(
    () => (stopped = true),
    () => (stopped = true),
  )
  const deadline = Date.now() + PUMP_MS
  let chunks = 0
  let sent = 0
  while (chunks < count && !stopped && !socket.destroyed && Date.now() < deadline) {
    const bytes = chunk(chunks)
    chunks++
    sent += bytes.byteLength
    if (socket.write(bytes)) continue
    const drained = once(socket, 'drain').then(() => true)
    if (!(await Promise.race([drained, stopping, delay(STALL_MS).then(() => false)])) && !stopped)
      return { chunks, sent, stalled: true }
  }
  return { chunks, sent, stalled: false }
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref())

async function answerWithin<T>(answer: Promise<T>, ms: number): Promise<T | null> {
  return Promise.race([answer.catch(() => null), delay(ms).then(() => null)])
}

function describeAnswer(answer: { status: number } | null, body = ''): string {
  return answer === null ? `no answer in ${ANSWER_MS / 1000} s${body}` : `${answer.status}${body}`
}

/** Pipelined Pings, 1,000 per write, as the socket drains; the first hangs. */
async function sendPipelined(connection: RawConnection): Promise<string> {
  const ping = rawRequest('BITS_POST', '/uploads/p.bin', {
    'BITS-Packet-Type': 'Ping',
    'Content-Length': 0,
  })
  const batch = Buffer.concat(Array.from({ length: PIPELINE_BATCH }, () => ping))
  const { chunks, stalled } = await pump(
    connection,
    PIPELINED / PIPELINE_BATCH,
    connection.closed,
    () => batch,
  )
  await delay(1_000)
  const answers = connection.received().toString('latin1').split('HTTP/1.1 ').length - 1
  const closed = connection.socket.destroyed || connection.socket.readableEnded
  const written = (chunks * PIPELINE_BATCH).toLocaleString('en')
  return `${written} written${stalled ? ' (server stopped reading)' : ''}, ${answers} answered${closed ? ', closed' : ''}`
}

/** Create-Session, then a 1-byte Fragment declaring 64 MiB, for each session on one connection. */
async function sendDeclaredTotals(connection: RawConnection): Promise<string> {
  const statuses = new Map<number, number>()
  for (let i = 0; i < SESSIONS; i++) {
    const name = `claims-${i}.bin`
    connection.write(
      rawRequest('BITS_POST', `/uploads/${name}`, {
        'BITS-Packet-Type': 'Create-Session',
        'BITS-Supported-Protocols': BITS_PROTOCOL_GUID,
        'Content-Length': 0,
      }),
    )
    const sessionId = header(await connection.next(), 'BITS-Session-Id') ?? UNKNOWN_SESSION
    connection.write(Buffer.concat([fragmentHead(name, sessionId, 0, 1, 64 * MiB), Buffer.of(i)]))
    const { status } = await connection.next()
    statuses.set(status, (statuses.get(status) ?? 0) + 1)
  }
  return [...statuses].map(([status, count]) => `${count} × ${status}`).join(', ')
}

/** Starts the server child and waits for its URL. */
async function startChild(id: string): Promise<{ child: ChildProcess; url: string }> {
  const args = [...process.execArgv, '--expose-gc', CHILD, id]
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  const ready = nextMessage<{ url: string }>(child)
  const url = await answerWithin(ready, PUMP_MS)
  if (url === null) {
    child.kill('SIGKILL')
    throw new Error(`Failed to start the hardening server for ${id}: no URL in ${PUMP_MS} ms.`)
  }
  return { child, url: url.url }
}

function nextMessage<T>(child: ChildProcess): Promise<T> {
  return new Promise((resolve, reject) => {
    child.once('message', (message) => resolve(message as T))
    child.once('exit', (code) => reject(new Error(`hardening server exited (${code})`)))
  })
}

function ask(child: ChildProcess, what: 'mark' | 'sample'): Promise<MemorySample> {
  const answer = nextMessage<MemorySample>(child)
  child.send(what)
  return answer
}

/** A Create-Session and its answer, so first-use costs (JIT, lazy setup) fall before the mark. */
async function warmUp(url: string): Promise<void> {
  const connection = await rawConnect(url)
  connection.write(
    rawRequest('BITS_POST', '/uploads/warm-up.bin', {
      'BITS-Packet-Type': 'Create-Session',
      'BITS-Supported-Protocols': BITS_PROTOCOL_GUID,
      'Content-Length': 0,
    }),
  )
  await connection.next()
  connection.socket.destroy()
}

/** One item in a fresh server process; the process is killed whatever happens. */
async function measureItem(item: HardeningItem, log: (line: string) => void): Promise<Row> {
  const { child, url } = await startChild(item.id)
  let connection: RawConnection | undefined
  try {
    await warmUp(url)
    const before = await ask(child, 'mark')
    connection = await rawConnect(url)
    const outcome = await item.send(connection)
    // Sampled while the connection is still open: a queue behind a hang is still held.
    const after = await ask(child, 'sample')
    log(`hardening: ${item.id}: ${outcome}; ${JSON.stringify({ before, after })}`)
    return row(item, outcome, before, after)
  } finally {
    connection?.socket.destroy()
    child.kill('SIGKILL')
  }
}

function row(item: HardeningItem, outcome: string, before: MemorySample, after: MemorySample) {
  const mib = (bytes: number) => fixed(bytes / MiB, 0)
  const growth = (bytes: number) => {
    const rounded = Math.round(bytes / MiB)
    return `${rounded < 0 ? '−' : '+'}${Math.abs(rounded)}`
  }
  const peak = Math.max(after.peakRss ?? 0, after.rss, after.liveRss)
  return {
    metric: `${item.what} → ${outcome}: RSS MiB`,
    baseline: mib(before.liveRss),
    subject: `peak ${mib(peak)}, held ${mib(after.liveRss)}`,
    ratio:
      `peak ${growth(peak - before.liveRss)}, held ${growth(after.liveRss - before.liveRss)}; ` +
      `ArrayBuffers held ${growth(after.liveArrayBuffers - before.liveArrayBuffers)}`,
    target: '—',
    pass: null,
  } satisfies Row
}

/**
 * Every item of issue 17 item 6 (or those whose ids are in `only`), each in a fresh server
 * process.
 */
export async function runHardeningBench(
  log: (line: string) => void,
  only: readonly string[] = [],
): Promise<Row[]> {
  const rows: Row[] = []
  for (const item of ITEMS.filter(({ id }) => only.length === 0 || only.includes(id))) {
    log(`hardening: ${item.what}, in a fresh server process…`)
    rows.push(await measureItem(item, log))
  }
  return rows
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const only = process.argv.slice(2)
  const rows = await runHardeningBench((line) => console.error(`[bench] ${line}`), only)
  console.log(formatTable(rows))
  console.log('\nRSS of the server process alone: before (after a collection), peak, held after.')
}
