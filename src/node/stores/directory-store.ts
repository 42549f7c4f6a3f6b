import {
  closeSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  realpathSync,
  renameSync,
  rmSync,
  unlinkSync,
  writeSync,
} from 'node:fs'
import { join, relative, resolve, sep } from 'node:path'
import type { UploadContent, UploadSink, UploadStore } from '../../server/stores/index.js'
import { runningHash } from '../../server/stores/running-hash.js'

/** The temporary area under the root, where partial uploads live until they are committed. */
export const PARTIAL_DIR = '.msw-bits-partial'

/** Options of {@link directoryStore}. */
export interface DirectoryStoreOptions {
  /** The root; created if missing. Completed uploads are written under it at their remote name. */
  dir: string
  /** `BITSAllowOverwrites`: replace an existing file (atomic rename) or keep it. Default `true`. */
  allowOverwrites?: boolean
}

/** A store that writes files, and removes its temporary area when the server closes. */
export interface DirectoryStore extends UploadStore {
  /** The root, resolved through symlinks. */
  readonly root: string
  /** Where a remote name is stored, or `null` when the name would leave the root. */
  resolve(name: string): string | null
  /** Removes the temporary area (partial uploads of live sessions are dropped). */
  close(): void
}

/**
 * Writes each completed upload to `<dir>/<remote name>`. Bytes go to a file in a temporary area
 * under the root as fragments arrive, and move to their name by an atomic rename on Close-Session;
 * Cancel-Session, an early Close-Session, expiry and restarts delete them. Names that would leave
 * the root (`..`, encoded dots once decoded, absolute paths, backslashes, control characters, NUL,
 * a symlink anywhere in the tree) are refused at Create-Session (400 E_INVALIDARG) and checked
 * again at commit; nothing is ever written outside the root.
 *
 * Writes are synchronous (`fs.writeSync`): a packet's Ack means its bytes are on disk.
 *
 * @example
 *   const srv = await startBitsServer({ store: { dir: './received' } })
 * @see [MC-BUP] §3.2.5.2.7 (the upload moves to its destination on Close-Session)
 */
export function directoryStore({
  dir,
  allowOverwrites = true,
}: DirectoryStoreOptions): DirectoryStore {
  mkdirSync(dir, { recursive: true })
  const root = realpathSync(dir)
  const partial = join(root, PARTIAL_DIR)
  // Partial files of an earlier run belong to sessions no server remembers.
  rmSync(partial, { recursive: true, force: true })
  let counter = 0

  function target(name: string): string | null {
    // Control characters (NUL included) and backslashes are never part of a stored name.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: they are what is refused
    if (name === '' || /[\u0000-\u001f\u007f\\]/.test(name)) return null
    const segments = name.split('/')
    if (segments[0] === PARTIAL_DIR) return null
    if (segments.some((segment) => segment === '' || segment === '.' || segment === '..'))
      return null
    const path = resolve(root, ...segments)
    const inside = relative(root, path)
    if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..') return null
    return noSymlinks(root, segments) ? path : null
  }

  class FileSink implements UploadSink {
    private fd: number | null = null
    private readonly temp = join(partial, `${process.pid}-${++counter}.part`)
    private readonly hash = runningHash()
    private committed: string | null = null
    private ended = false
    size = 0

    constructor(private readonly name: string) {}

    append(chunk: Uint8Array): void {
      if (this.ended || chunk.byteLength === 0) return
      if (this.fd === null) {
        mkdirSync(partial, { recursive: true })
        this.fd = openSync(this.temp, 'wx')
      }
      let written = 0
      while (written < chunk.byteLength) written += writeSync(this.fd, chunk, written)
      this.hash.update(chunk)
      this.size += chunk.byteLength
    }

    content(): UploadContent {
      const content: UploadContent = { size: this.size, sha256: this.hash.peek() }
      if (this.committed !== null) content.path = this.committed
      return content
    }

    commit(): void {
      if (this.ended) return
      this.ended = true
      this.closeFile()
      if (this.fd === null && this.size === 0) writeEmpty(this.temp, partial)
      const destination = target(this.name)
      // Checked again: the tree may have changed since Create-Session.
      if (destination === null || !makeParents(root, this.name)) {
        removeQuietly(this.temp)
        return
      }
      if (allowOverwrites) renameSync(this.temp, destination)
      else {
        // link() never replaces an existing file: the one already there is kept.
        try {
          linkSync(this.temp, destination)
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
        }
        removeQuietly(this.temp)
      }
      this.committed = destination
    }

    discard(): void {
      if (this.ended) return
      this.ended = true
      this.closeFile()
      removeQuietly(this.temp)
    }

    private closeFile(): void {
      if (this.fd === null) return
      closeSync(this.fd)
      this.fd = -1
    }
  }

  return {
    kind: 'directory',
    root,
    resolve: target,
    open: (name) => new FileSink(name),
    accepts: (name) => target(name) !== null,
    has(name) {
      const path = target(name)
      if (path === null) return false
      try {
        lstatSync(path)
        return true
      } catch {
        return false
      }
    },
    close() {
      rmSync(partial, { recursive: true, force: true })
    },
  }
}

/** Whether no existing directory on the way from `root` to the name is a symlink. */
function noSymlinks(root: string, segments: readonly string[]): boolean {
  let path = root
  for (const segment of segments) {
    path = join(path, segment)
    try {
      if (lstatSync(path).isSymbolicLink()) return false
    } catch {
      return true
    }
  }
  return true
}

/** Creates the directories of `name` one by one, refusing to pass through a symlink. */
function makeParents(root: string, name: string): boolean {
  const segments = name.split('/').slice(0, -1)
  let path = root
  for (const segment of segments) {
    path = join(path, segment)
    try {
      mkdirSync(path)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
    const stat = lstatSync(path)
    if (stat.isSymbolicLink() || !stat.isDirectory()) return false
  }
  return true
}

function writeEmpty(path: string, dir: string): void {
  mkdirSync(dir, { recursive: true })
  closeSync(openSync(path, 'w'))
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
}
