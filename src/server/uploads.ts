import type { Upload } from './stores/index.js'

/**
 * Completed uploads, as `bits.uploads` exposes them.
 * @see [MC-BUP] §3.2.5.2.7
 * @example
 *   import type { UploadsView } from 'msw-bits'
 *
 *   const uploads: UploadsView = bits.uploads
 *   expect(uploads.has('crash.dmp')).toBe(true)
 *   console.log(uploads.list().map(({ name, size }) => `${name}: ${size} B`))
 */
export interface UploadsView {
  /** The last upload committed at this remote name (path under `baseUrl`), or `undefined`. */
  get(name: string): Upload | undefined
  /** Whether an upload was committed at this name. */
  has(name: string): boolean
  /** The last upload at each name, oldest commit first. */
  list(): Upload[]
  /** Number of names with an upload. */
  readonly size: number
}

/**
 * Completed uploads by remote name; the server commits to it on Close-Session. Like the file an
 * IIS server writes, an upload replaces the one before it at its name, so a long-running server
 * holds one upload per name, not every upload it ever took.
 * @see [MC-BUP] §3.2.5.2.7 (Close-Session moves the upload to its destination)
 */
export class UploadRegistry implements UploadsView {
  private readonly byName = new Map<string, Upload>()

  commit(upload: Upload): void {
    // Deleted first, so the name moves to the end of the commit order.
    this.byName.delete(upload.name)
    this.byName.set(upload.name, upload)
  }

  get(name: string): Upload | undefined {
    return this.byName.get(name.replace(/^\/+/, ''))
  }

  has(name: string): boolean {
    return this.get(name) !== undefined
  }

  list(): Upload[] {
    return [...this.byName.values()]
  }

  get size(): number {
    return this.byName.size
  }

  clear(): void {
    this.byName.clear()
  }
}
