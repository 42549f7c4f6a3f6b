import type { Journal, JournalEntry } from '../../journal/index.js'
import { StageTracker } from './entry-stages.js'

/**
 * The journal as a live NDJSON stream: every ended entry so far, then each one as it ends
 * (answered, a transport fault, or given up by the client; a hang once when it starts and again
 * when the client gives up), and `{"reset":true}` after a reset.
 * The stream ends when the reader cancels it or `closed` fires.
 */
export function followJournal(journal: Journal, closed: AbortSignal): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  const sent = new StageTracker()
  let stop = () => {}
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const line = (value: unknown) =>
        controller.enqueue(encoder.encode(`${JSON.stringify(value)}\n`))
      const send = (entry: Readonly<JournalEntry>) => {
        if (sent.advance(entry)) line(entry)
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
