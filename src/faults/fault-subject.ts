import type { RequestKind } from '../journal/index.js'
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
}

/** Changes a rule makes to the packet before the server processes it. */
export interface PacketChange {
  /** Fragment only: the server keeps only this many bytes of it. */
  acceptBytes?: number
}
