export { formatTimeline } from './format.js'
export { Journal, type JournalFilter, type JournalQuery } from './journal.js'
export type { FaultRecord, JournalEntry, RequestKind } from './journal-entry.js'
