import { runningHash } from './running-hash.js'
import type { UploadContent, UploadSink, UploadStore } from './upload-store.js'

class MemorySink implements UploadSink {
  private chunks: Uint8Array[] = []
  size = 0

  append(chunk: Uint8Array): void {
    if (chunk.byteLength === 0) return
    this.chunks.push(chunk)
    this.size += chunk.byteLength
  }

  content(): UploadContent {
    const bytes = new Uint8Array(this.size)
    let offset = 0
    for (const chunk of this.chunks) {
      bytes.set(chunk, offset)
      offset += chunk.byteLength
    }
    // One contiguous copy from here on, so repeated calls do not copy again.
    this.chunks = [bytes]
    const hash = runningHash()
    hash.update(bytes)
    return { size: this.size, sha256: hash.peek(), bytes }
  }
}

/** Keeps every byte: `upload.bytes` can be compared with what the client sent. */
export const memoryStore: UploadStore = { kind: 'memory', open: () => new MemorySink() }
