import { MultiBar, Presets, type SingleBar } from 'cli-progress'
import { formatEntry, type Journal, type JournalEntry } from '../../journal/index.js'
import type { SessionsView } from '../../server/session-table.js'
import { StageTracker } from '../control/entry-stages.js'

/** Where the live view writes. */
export interface Output {
  write(text: string): unknown
  isTTY?: boolean
}

/**
 * Prints the journal as it happens: one timeline line (or one NDJSON line with `json`) per
 * request as it ends (answered, a transport fault, or given up by the client: `no answer (client
 * went away)`), a hang when it starts and again when the client gives up on it (`no answer (hang;
 * client gave up)`), and on a terminal a progress bar per live upload. Stopping prints the
 * requests still without an answer.
 * @returns a function that stops the view and removes its bars
 */
export function startLiveView(
  journal: Journal,
  sessions: SessionsView,
  out: Output,
  { json }: { json: boolean },
): () => void {
  const printed = new StageTracker()
  let start: number | null = null
  const bars = out.isTTY && !json ? new ProgressBars(out) : null
  const print = (line: string) => (bars ? bars.log(line) : out.write(`${line}\n`))
  const printEntry = (entry: Readonly<JournalEntry>) => {
    start ??= entry.time
    print(json ? JSON.stringify(entry) : formatEntry(entry, start))
  }

  const show = (entry: Readonly<JournalEntry>) => {
    if (!printed.advance(entry)) return
    printEntry(entry)
    bars?.update(sessions)
  }
  for (const entry of journal.entries) show(entry)
  const unsubscribe = journal.subscribe((event) => {
    if (event.type !== 'clear') show(event.entry)
    else {
      printed.clear()
      start = null
      print(json ? JSON.stringify({ reset: true }) : '-- reset --')
    }
  })
  return () => {
    unsubscribe()
    const open = journal.entries.filter((entry) => !printed.seen(entry))
    if (open.length > 0 && !json) print('-- left unanswered --')
    for (const entry of open) printEntry(entry)
    bars?.stop()
  }
}

/** One bar per live session that knows its total, removed when the session ends. */
class ProgressBars {
  private readonly multi: MultiBar
  private readonly bars = new Map<string, SingleBar>()

  constructor(out: Output) {
    this.multi = new MultiBar(
      {
        stream: out as NodeJS.WriteStream,
        format: ' {name} [{bar}] {percentage}% {value}/{total} bytes',
        hideCursor: true,
        clearOnComplete: true,
        autopadding: true,
      },
      Presets.shades_classic,
    )
  }

  log(line: string): void {
    this.multi.log(`${line}\n`)
  }

  update(sessions: SessionsView): void {
    const live = new Set<string>()
    for (const session of sessions.list()) {
      if (session.total === null) continue
      live.add(session.id)
      const bar = this.bars.get(session.id)
      if (bar) bar.update(session.received)
      else
        this.bars.set(
          session.id,
          this.multi.create(session.total, session.received, { name: session.name }),
        )
    }
    for (const [id, bar] of this.bars) {
      if (live.has(id)) continue
      this.multi.remove(bar)
      this.bars.delete(id)
    }
  }

  stop(): void {
    this.multi.stop()
  }
}
