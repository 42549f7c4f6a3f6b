export { formatAnswer, formatEntry, formatTimeline } from './format.js'
export {
  Journal,
  type JournalEvent,
  type JournalFilter,
  type JournalListener,
  type JournalQuery,
} from './journal.js'
export type { FaultRecord, JournalEntry, RequestKind, UnansweredReason } from './journal-entry.js'
export {
  type EntryAnswer,
  type EntryArrival,
  type EntryCompletion,
  unansweredText,
} from './record.js'
