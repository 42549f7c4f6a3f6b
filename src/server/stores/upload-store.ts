/**
 * A completed upload, as the server committed it on Close-Session.
 * @see [MC-BUP] §3.2.5.2.7
 */
export interface Upload {
  /** Remote name: the request path under `baseUrl`, percent-decoded (`reports/crash.dmp`). */
  name: string
  /** The session that uploaded it (braced upper-case GUID). */
  sessionId: string
  /** `Content-Name` of the Create-Session, when the client sent one. */
  contentName: string | null
  /** Size in bytes. */
  size: number
  /** SHA-256 of the bytes, lower-case hex. */
  sha256: string
  /** The bytes; only in the `memory` store. */
  bytes?: Uint8Array
  /** Absolute path of the committed file; only in the Node directory store (`store: { dir }`). */
  path?: string
  /** Clock time (ms since epoch) of the commit. */
  completedAt: number
}

/** What a store keeps of an upload's bytes, before and after commit. */
export interface UploadContent {
  size: number
  sha256: string
  bytes?: Uint8Array
  /** Absolute path of the file holding the bytes; only in the Node directory store. */
  path?: string
}

/** The bytes of one session, appended in order. */
export interface UploadSink {
  /** Bytes appended so far. */
  readonly size: number
  /** Appends bytes at offset `size`. */
  append(chunk: Uint8Array): void
  /** What has been received, for the reply function and the commit; the sink stays usable. */
  content(): UploadContent
}

/**
 * Where a session's bytes go. `memory` keeps them; `digest` keeps only size and SHA-256 in O(1)
 * memory, for large uploads.
 */
export interface UploadStore {
  readonly kind: string
  open(): UploadSink
}
