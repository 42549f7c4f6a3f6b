import type { UploadSink } from './stores/index.js'

/** A reply produced by the server application for an upload-reply session. @see [MC-BUP] §3.2.5.2.6 */
export interface StoredReply {
  /** Absolute URL sent in `BITS-Reply-URL`. */
  url: string
  /** The reply's bytes, served by GET (with Range). */
  body: Uint8Array<ArrayBuffer>
  /** The reply's `Content-Type`, if the server application gave one. */
  contentType: string | null
}

/**
 * An upload session between Create-Session and Close-Session or Cancel-Session.
 * @see [MC-BUP] §3.2.1 (server abstract data model)
 */
export interface Session {
  /** Braced upper-case GUID, as Windows servers issue them. */
  readonly id: string
  /** 1 for the first session the server created, 2 for the next, … (fault plans match on it). */
  readonly ordinal: number
  /** Remote name: the path under `baseUrl`. */
  readonly name: string
  /**
   * `Content-Name`: from Create-Session, or from the initial Fragment, where W32 "Fragment" says
   * to send it ("Specify this header only with the initial fragment").
   */
  contentName: string | null
  /** The negotiated protocol GUID. */
  readonly protocol: string
  /** Clock time (ms) of Create-Session. */
  readonly createdAt: number
  /** Clock time (ms) of the last packet; the session expires `sessionTimeout` s after it. */
  lastActivity: number
  /** The upload's size in bytes, fixed by its first fragment's Content-Range. */
  total: number | null
  /** The bytes received so far, in order. Its size is the next offset the server expects. */
  readonly sink: UploadSink
  /** Set once the last fragment was processed and the server application answered. */
  reply: StoredReply | null
  /** Whether a Fragment's body streams into `sink.stage()` now: one stage at a time. */
  staging: boolean
}

/**
 * A read-only view of a live session, as `bits.sessions` lists them. Times are clock ms since
 * the epoch; sizes and offsets in bytes.
 * @see [MC-BUP] §3.2.1 (the server's per-session state)
 * @example
 *   import type { SessionInfo } from 'msw-bits'
 *
 *   const [session]: SessionInfo[] = bits.sessions.list()
 *   console.log(session?.name, `${session?.received}/${session?.total} B`)
 */
export interface SessionInfo {
  id: string
  ordinal: number
  name: string
  contentName: string | null
  /** Next offset the server expects (bytes received so far). */
  received: number
  /** Upload size in bytes, once the first fragment told it. */
  total: number | null
  /** Whether every byte has arrived (the session waits for Close-Session). */
  complete: boolean
  createdAt: number
  lastActivity: number
  /** `BITS-Reply-URL`, once a reply exists. */
  replyUrl: string | null
}

/** Whether all bytes of the upload have arrived. */
export function isComplete(session: Session): boolean {
  return session.total !== null && session.sink.size === session.total
}

export function describeSession(session: Session): SessionInfo {
  return {
    id: session.id,
    ordinal: session.ordinal,
    name: session.name,
    contentName: session.contentName,
    received: session.sink.size,
    total: session.total,
    complete: isComplete(session),
    createdAt: session.createdAt,
    lastActivity: session.lastActivity,
    replyUrl: session.reply?.url ?? null,
  }
}
