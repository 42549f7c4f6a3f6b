import type { Journal, JournalEntry } from '../../journal/index.js'

/**
 * The journal as a live NDJSON stream: every answered entry so far, then each one as it is
 * answered (a hang is never answered, so it never appears), and `{"reset":true}` after a reset.
 * The stream ends when the reader cancels it or `closed` fires.
 */
export function followJournal(journal: Journal, closed: AbortSignal): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  const sent = new Set<number>()
  let stop = () => {}
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const line = (value: unknown) =>
        controller.enqueue(encoder.encode(`${JSON.stringify(value)}\n`))
      const send = (entry: Readonly<JournalEntry>) => {
        if (entry.answeredAt === null || sent.has(entry.seq)) return
        sent.add(entry.seq)
        line(entry)
      }
      for (const entry of journal.entries) send(entry)
      const unsubscribe = journal.subscribe((event) => {
        if (event.type === 'clear') {
          sent.clear()
          line({ reset: true })
        } else send(event.entry)
      })
      const end = () => {
        stop()
        controller.close()
      }
      stop = () => {
        unsubscribe()
        closed.removeEventListener('abort', end)
      }
      if (closed.aborted) end()
      else closed.addEventListener('abort', end)
    },
    cancel() {
      stop()
    },
  })
}
