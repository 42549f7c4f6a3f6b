import { runningHash } from './running-hash.js'
import type { UploadContent, UploadSink, UploadStore } from './upload-store.js'

/**
 * The largest total, in bytes, the store reserves ahead of the bytes themselves: the total comes
 * from the client's Content-Range, so a hostile one must not make the server reserve gigabytes for
 * a 1-byte fragment. Larger uploads are kept as chunks and joined once (the digest store is the one
 * for large uploads).
 */
const PREALLOCATE_LIMIT = 64 * 1024 * 1024

/**
 * Holds the upload once: in one buffer of the session's total size, allocated when the first
 * Fragment names it, so Close-Session hands that buffer over instead of copying every fragment
 * into a new one while the fragments are still held. Chunks are kept only when no total came or
 * it is over {@link PREALLOCATE_LIMIT}, and are joined once.
 */
class MemorySink implements UploadSink {
  private buffer: Uint8Array | null = null
  private chunks: Uint8Array[] = []
  private readonly hash = runningHash()
  size = 0

  expect(total: number): void {
    if (this.buffer !== null || this.size > 0 || total > PREALLOCATE_LIMIT) return
    this.buffer = new Uint8Array(total)
  }

  append(chunk: Uint8Array): void {
    if (chunk.byteLength === 0) return
    const end = this.size + chunk.byteLength
    if (this.buffer !== null && end <= this.buffer.byteLength) this.buffer.set(chunk, this.size)
    else this.chunks.push(chunk)
    this.hash.update(chunk)
    this.size = end
  }

  content(): UploadContent {
    return { size: this.size, sha256: this.hash.peek(), bytes: this.bytes() }
  }

  private bytes(): Uint8Array {
    const { buffer, chunks } = this
    if (chunks.length === 0)
      return buffer === null ? new Uint8Array(0) : buffer.subarray(0, this.size)
    // Past the announced total (or none announced): join once, then keep only the joined copy.
    const joined = new Uint8Array(this.size)
    let offset = 0
    if (buffer !== null) {
      offset = this.size - chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0)
      joined.set(buffer.subarray(0, offset))
    }
    for (const chunk of chunks) {
      joined.set(chunk, offset)
      offset += chunk.byteLength
    }
    this.buffer = joined
    this.chunks = []
    return joined
  }
}

/** Keeps every byte: `upload.bytes` can be compared with what the client sent. */
export const memoryStore: UploadStore = { kind: 'memory', open: () => new MemorySink() }
