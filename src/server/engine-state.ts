import type { FaultEngine } from '../faults/index.js'
import type { Journal, JournalEntry } from '../journal/index.js'
import type { Target } from './answer.js'
import type { Findings } from './recording.js'
import type { ServerContext } from './server-context.js'
import type { Arrival } from './wire-request.js'

/**
 * What one emulated server holds across requests: what packet modules see (options, sessions,
 * uploads), and beside it the journal and the fault plan, which only the exchange uses.
 */
export interface EngineState extends ServerContext {
  readonly journal: Journal
  readonly faults: FaultEngine
}

/** One request on its way through the server, once its head is read and its entry opened. */
export interface Exchange {
  readonly state: EngineState
  readonly request: Arrival
  /** What a reply download and the auth check read of the request. */
  readonly target: Target
  /** The origin of the request's URL, for reply URLs. */
  readonly origin: string
  /** The remote name: the path under `baseUrl`, percent-decoded (`''` outside it). */
  readonly name: string
  readonly entry: JournalEntry
  /** What the journal is told beside the outcome, filled in as the exchange goes. */
  readonly findings: Findings
}
