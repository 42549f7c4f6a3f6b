import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex } from '@noble/hashes/utils.js'
import type { UploadContent, UploadSink, UploadStore } from './upload-store.js'

class DigestSink implements UploadSink {
  private readonly hash = sha256.create()
  size = 0

  append(chunk: Uint8Array): void {
    this.hash.update(chunk)
    this.size += chunk.byteLength
  }

  content(): UploadContent {
    // A clone, so the running hash can keep going if more bytes come.
    return { size: this.size, sha256: bytesToHex(this.hash.clone().digest()) }
  }
}

/** Keeps size and an incremental SHA-256 only: O(1) memory whatever the upload size. */
export const digestStore: UploadStore = { kind: 'digest', open: () => new DigestSink() }
