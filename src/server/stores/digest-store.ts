import { runningHash } from './running-hash.js'
import type { StagedAppend, UploadContent, UploadSink, UploadStore } from './upload-store.js'

class DigestSink implements UploadSink {
  private hash = runningHash()
  size = 0

  append(chunk: Uint8Array): void {
    this.hash.update(chunk)
    this.size += chunk.byteLength
  }

  stage(): StagedAppend {
    // The stage hashes on a fork: a body cut short leaves the session's hash untouched.
    const hash = this.hash.fork()
    let size = 0
    let open = true
    return {
      append: (chunk) => {
        if (!open) return
        hash.update(chunk)
        size += chunk.byteLength
      },
      commit: () => {
        if (!open) return
        open = false
        this.hash = hash
        this.size += size
      },
      abort: () => {
        open = false
      },
    }
  }

  content(): UploadContent {
    return { size: this.size, sha256: this.hash.peek() }
  }
}

/** Keeps size and an incremental SHA-256 only: O(1) memory whatever the upload size. */
export const digestStore: UploadStore = { kind: 'digest', open: () => new DigestSink() }
