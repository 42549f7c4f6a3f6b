import type { FaultRecord, RequestKind } from '../journal/index.js'
import type { ByteRange, PacketType } from '../protocol/index.js'

/** What the fault engine sees of a request before the server processes it. */
export interface FaultSubject {
  kind: RequestKind
  packet: PacketType | null
  /** Remote name under `baseUrl` (`''` when outside it). */
  name: string
  sessionId: string | null
  /** 1-based creation order of `sessionId`'s session, if the server ever issued it. */
  sessionOrdinal: number | undefined
  range: ByteRange | null
  /** The request body's length in bytes. */
  bodyLength: number
}

/** What a fault rule may do to the server itself. */
export interface ServerControl {
  /** Forget one session, as if it had expired. */
  expireSession(sessionId: string): void
  /** Forget every session, as a restarted server does. */
  restart(): void
}

/**
 * Placeholder seam: the engine calls `run` for every request. `proceed` lets the server process
 * the request; `onFault` records which rule acted before any answer (a hang never answers).
 */
export class FaultEngine {
  run(
    _subject: FaultSubject,
    proceed: () => Promise<Response>,
    _onFault: (fault: FaultRecord) => void,
  ): Promise<Response> {
    return proceed()
  }

  reset(): void {}
}
