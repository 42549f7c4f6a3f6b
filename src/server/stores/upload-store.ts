import type { WireError } from '../../protocol/index.js'

/**
 * A completed upload, as the server committed it on Close-Session.
 * @see [MC-BUP] §3.2.5.2.7
 * @example
 *   import type { Upload } from 'msw-bits'
 *
 *   const upload: Upload | undefined = bits.uploads.get('reports/crash.dmp')
 *   expect(upload?.size).toBe(100_000)
 *   expect(upload?.bytes).toEqual(dump) // the memory store only; `sha256` in every store
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

/**
 * What a store keeps of an upload's bytes, before and after commit (`size` in bytes, `sha256`
 * lower-case hex).
 * @example
 *   import type { UploadContent, UploadSink } from 'msw-bits'
 *
 *   declare const sink: UploadSink
 *   const { size, sha256 }: UploadContent = sink.content()
 */
export interface UploadContent {
  size: number
  sha256: string
  bytes?: Uint8Array
  /** Absolute path of the file holding the bytes; only in the Node directory store. */
  path?: string
}

/**
 * The bytes of one session, appended in order.
 * @example
 *   import { sha256 } from '@noble/hashes/sha2.js'
 *   import { bytesToHex } from '@noble/hashes/utils.js'
 *   import type { UploadSink } from 'msw-bits'
 *
 *   // A sink that counts and hashes but keeps nothing (what the `digest` store does), in any
 *   // host: the root entry reaches no node:* module, even in an example.
 *   function countingSink(): UploadSink {
 *     const hash = sha256.create()
 *     let size = 0
 *     return {
 *       get size() { return size },
 *       append(chunk) { hash.update(chunk); size += chunk.byteLength },
 *       content: () => ({ size, sha256: bytesToHex(hash.clone().digest()) }),
 *     }
 *   }
 */
export interface UploadSink {
  /** Bytes appended so far. */
  readonly size: number
  /**
   * The upload's total size in bytes, from the first Fragment's `Content-Range` (§2.2.6), before
   * its bytes are appended. It is the client's claim, not bytes received: a store must not reserve
   * memory from it (60 sessions declaring 64 MiB with a 1-byte Fragment would reserve 3.8 GB).
   */
  expect?(total: number): void
  /** Appends bytes at offset `size`. */
  append(chunk: Uint8Array): void
  /**
   * Takes a Fragment's bytes at offset `size` as they arrive, before the packet is known whole,
   * so no body is held before the store: nothing counts (`size`, `content()`) until the stage is
   * committed, and an aborted stage leaves the sink as it was. The server opens one stage at a
   * time per sink; a Fragment collected meanwhile may still `append`, and then the stage is
   * aborted, not committed (its bytes go after `size` as it stands). Absent: the server collects
   * the body and calls `append`.
   */
  stage?(): StagedAppend
  /** What has been received, for the reply function and the commit; the sink stays usable. */
  content(): UploadContent
  /**
   * The upload is complete and committed at its remote name (Close-Session): a store that keeps
   * files moves it to its destination here, before the last `content()`. Returns the error to
   * answer when the bytes cannot land there (a file where a directory is needed, a full disk):
   * the sink keeps them and may be asked again by a resent Close-Session.
   */
  // biome-ignore lint/suspicious/noConfusingVoidType: stores whose commit returns nothing stay valid
  commit?(): WireError | void
  /**
   * The session ended without a commit (Cancel-Session, an early Close-Session, expiry, a
   * restart, a reset): drop what was received. Also called after `commit`, where it does nothing.
   */
  discard?(): void
}

/**
 * Bytes taken by {@link UploadSink.stage}: `append` them as they arrive, then `commit` (they count,
 * in order, at the offset the stage opened) or `abort` (they never happened). After either, both
 * do nothing.
 * @example
 *   const staged = sink.stage?.()
 *   for await (const chunk of body) staged.append(chunk)
 *   if (arrivedWhole) staged.commit()
 *   else staged.abort()
 */
export interface StagedAppend {
  append(chunk: Uint8Array): void
  commit(): void
  abort(): void
}

/**
 * Where a session's bytes go. `memory` keeps them; `digest` keeps only size and SHA-256 in O(1)
 * memory, for large uploads. A store of your own implements this; `directoryStore` from
 * `msw-bits/node` writes files.
 * @example
 *   import { createBitsServer, type UploadStore } from 'msw-bits'
 *
 *   const counting: UploadStore = { kind: 'counting', open: () => countingSink() } // see UploadSink
 *   const bits = createBitsServer({ baseUrl: 'https://bits.example.test/uploads', store: counting })
 */
export interface UploadStore {
  readonly kind: string
  /** A sink for a new session uploading to remote name `name`. */
  open(name: string): UploadSink
  /** Whether `name` can be stored at all; `false` answers Create-Session 400 E_INVALIDARG. */
  accepts?(name: string): boolean
  /** Whether something is already stored at `name` outside this run (a file on disk). */
  has?(name: string): boolean
}
