import type { Upload } from './stores/index.js'

/** Completed uploads, as `bits.uploads` exposes them. */
export interface UploadsView {
  /** The last upload committed at this remote name (path under `baseUrl`), or `undefined`. */
  get(name: string): Upload | undefined
  /** Whether an upload was committed at this name. */
  has(name: string): boolean
  /** Every committed upload in commit order, overwritten ones included. */
  list(): Upload[]
  /** Number of committed uploads, overwritten ones included. */
  readonly size: number
}

/** Completed uploads by remote name; the server commits to it on Close-Session. */
export class UploadRegistry implements UploadsView {
  private readonly byName = new Map<string, Upload>()
  private readonly all: Upload[] = []

  commit(upload: Upload): void {
    this.byName.set(upload.name, upload)
    this.all.push(upload)
  }

  get(name: string): Upload | undefined {
    return this.byName.get(name.replace(/^\/+/, ''))
  }

  has(name: string): boolean {
    return this.get(name) !== undefined
  }

  list(): Upload[] {
    return [...this.all]
  }

  get size(): number {
    return this.all.length
  }

  clear(): void {
    this.byName.clear()
    this.all.length = 0
  }
}
