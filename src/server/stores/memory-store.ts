import { runningHash } from './running-hash.js'
import type { UploadContent, UploadSink, UploadStore } from './upload-store.js'

/**
 * Holds what arrived and nothing more: the chunks as the body delivered them, hashed on arrival
 * and joined into one buffer the first time the bytes are asked for (the reply function or
 * Close-Session), which then keeps only the joined copy. The total a Fragment declares reserves
 * nothing: it is the client's claim, and 60 sessions each declaring 64 MiB with a 1-byte Fragment
 * once reserved 3.8 GB. Each byte is copied once, at the join, as it was into a buffer reserved
 * ahead.
 */
class MemorySink implements UploadSink {
  private chunks: Uint8Array[] = []
  private readonly hash = runningHash()
  size = 0

  append(chunk: Uint8Array): void {
    if (chunk.byteLength === 0) return
    // A small view of a large read (the loopback server's parser slices bodies out of socket
    // reads) would keep the whole read alive: such a chunk is kept as a copy of its own.
    this.chunks.push(chunk.buffer.byteLength > 2 * chunk.byteLength ? chunk.slice() : chunk)
    this.hash.update(chunk)
    this.size += chunk.byteLength
  }

  content(): UploadContent {
    return { size: this.size, sha256: this.hash.peek(), bytes: this.bytes() }
  }

  private bytes(): Uint8Array {
    const { chunks } = this
    const only = chunks.length === 1 ? (chunks[0] as Uint8Array) : null
    // A chunk that is all of its buffer is handed over as it is, so `bytes.buffer` holds nothing
    // but the upload.
    if (only !== null && only.byteLength === only.buffer.byteLength) return only
    const joined = new Uint8Array(this.size)
    let offset = 0
    for (const chunk of chunks) {
      joined.set(chunk, offset)
      offset += chunk.byteLength
    }
    this.chunks = [joined]
    return joined
  }
}

/** Keeps every byte: `upload.bytes` can be compared with what the client sent. */
export const memoryStore: UploadStore = { kind: 'memory', open: () => new MemorySink() }
