import { MultiBar, Presets, type SingleBar } from 'cli-progress'
import { formatEntry, type Journal, type JournalEntry } from '../../journal/index.js'
import type { SessionsView } from '../../server/session-table.js'

/** Where the live view writes. */
export interface Output {
  write(text: string): unknown
  isTTY?: boolean
}

/**
 * Prints the journal as it happens: one timeline line (or one NDJSON line with `json`) per
 * answered request, and on a terminal a progress bar per live upload.
 * @returns a function that stops the view and removes its bars
 */
export function startLiveView(
  journal: Journal,
  sessions: SessionsView,
  out: Output,
  { json }: { json: boolean },
): () => void {
  const printed = new Set<number>()
  let start: number | null = null
  const bars = out.isTTY && !json ? new ProgressBars(out) : null
  const print = (line: string) => (bars ? bars.log(line) : out.write(`${line}\n`))

  const show = (entry: Readonly<JournalEntry>) => {
    if (entry.answeredAt === null || printed.has(entry.seq)) return
    printed.add(entry.seq)
    start ??= entry.time
    print(json ? JSON.stringify(entry) : formatEntry(entry, start))
    bars?.update(sessions)
  }
  for (const entry of journal.entries) show(entry)
  const unsubscribe = journal.subscribe((event) => {
    if (event.type === 'entry') show(event.entry)
    else {
      printed.clear()
      start = null
      print(json ? JSON.stringify({ reset: true }) : '-- reset --')
    }
  })
  return () => {
    unsubscribe()
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
