import {
  closeSync,
  constants,
  fstatSync,
  ftruncateSync,
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
import { type WireError, WireErrors } from '../../protocol/index.js'
import type {
  StagedAppend,
  UploadContent,
  UploadSink,
  UploadStore,
} from '../../server/stores/index.js'
import { runningHash } from '../../server/stores/running-hash.js'
import { fitsFileSystem } from './name-limits.js'

/**
 * The temporary area under the root, where partial uploads live until they are committed.
 * @example
 *   import { readdir } from 'node:fs/promises'
 *   import { PARTIAL_DIR } from 'msw-bits/node'
 *
 *   // Leave the temporary area out when listing what was received:
 *   const received = (await readdir('./received')).filter((name) => name !== PARTIAL_DIR)
 */
export const PARTIAL_DIR = '.msw-bits-partial'

/**
 * Options of {@link directoryStore}.
 * @example
 *   import { createBitsServer } from 'msw-bits'
 *   import { type DirectoryStoreOptions, directoryStore } from 'msw-bits/node'
 *
 *   const options: DirectoryStoreOptions = { dir: './received', allowOverwrites: false }
 *   const bits = createBitsServer({ baseUrl: 'https://bits.example.test/uploads', store: directoryStore(options) })
 */
export interface DirectoryStoreOptions {
  /** The root; created if missing. Completed uploads are written under it at their remote name. */
  dir: string
  /** `BITSAllowOverwrites`: replace an existing file (atomic rename) or keep it. Default `true`. */
  allowOverwrites?: boolean
}

/**
 * A store that writes files, and removes its temporary area when the server closes.
 * @example
 *   import { type DirectoryStore, directoryStore } from 'msw-bits/node'
 *
 *   const store: DirectoryStore = directoryStore({ dir: './received' })
 *   store.resolve('dumps/crash.dmp') // '/abs/received/dumps/crash.dmp'
 *   store.resolve('../etc/passwd') // null: outside the root
 *   store.close()
 */
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
 *   import { startBitsServer } from 'msw-bits/node'
 *
 *   // Or in process: createBitsServer({ baseUrl, store: directoryStore({ dir: './received' }) })
 *
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
    return fitsFileSystem(path, segments) && obstacle(root, segments) === null ? path : null
  }

  /** The temporary area, made again if it was removed or replaced (by a symlink, a file). */
  function partialArea(): void {
    try {
      const stat = lstatSync(partial)
      if (stat.isDirectory() && !stat.isSymbolicLink()) return
      rmSync(partial, { force: true })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    }
    mkdirSync(partial)
  }

  class FileSink implements UploadSink {
    private fd: number | null = null
    private readonly temp = join(partial, `${process.pid}-${++counter}.part`)
    private hash = runningHash()
    private committed: string | null = null
    private ended = false
    size = 0

    constructor(private readonly name: string) {}

    append(chunk: Uint8Array): void {
      if (this.ended || chunk.byteLength === 0) return
      this.write(chunk, this.size)
      this.hash.update(chunk)
      this.size += chunk.byteLength
    }

    stage(): StagedAppend {
      // Written to the file as they arrive, hashed on a fork; an abort cuts the file back.
      const hash = this.hash.fork()
      let staged = 0
      let open = !this.ended
      return {
        append: (chunk) => {
          if (!open || this.ended || chunk.byteLength === 0) return
          this.write(chunk, this.size + staged)
          hash.update(chunk)
          staged += chunk.byteLength
        },
        commit: () => {
          if (!open || this.ended) return
          open = false
          this.hash = hash
          this.size += staged
        },
        abort: () => {
          if (open && !this.ended && staged > 0 && this.fd !== null)
            ftruncateSync(this.fd, this.size)
          open = false
        },
      }
    }

    /** Writes all of `chunk` at `position` in the partial file. */
    private write(chunk: Uint8Array, position: number): void {
      const fd = this.open()
      let written = 0
      while (written < chunk.byteLength) {
        written += writeSync(fd, chunk, written, chunk.byteLength - written, position + written)
      }
    }

    content(): UploadContent {
      const content: UploadContent = { size: this.size, sha256: this.hash.peek() }
      if (this.committed !== null) content.path = this.committed
      return content
    }

    commit(): WireError | undefined {
      if (this.ended) return undefined
      const fd = this.open()
      // The partial file is moved by its path: it must still be the file written through `fd`.
      if (!samePartialFile(fd, this.temp, partial)) return WireErrors.CommitFailed
      const destination = target(this.name)
      if (destination === null) return commitError(this.name, root)
      try {
        if (!makeParents(root, this.name)) return WireErrors.CommitPathNotFound
        if (!this.land(destination)) return WireErrors.OverwriteRefused
      } catch (error) {
        return commitErrorOf(error)
      }
      this.ended = true
      this.closeFile()
      this.committed = destination
      return undefined
    }

    discard(): void {
      if (this.ended) return
      this.ended = true
      this.closeFile()
      removeQuietly(this.temp)
    }

    /** Moves the partial file to `destination`; `false` when overwrites are off and one is there. */
    private land(destination: string): boolean {
      if (allowOverwrites) {
        renameSync(this.temp, destination)
        return true
      }
      // link() never replaces an existing file: the one already there is kept.
      try {
        linkSync(this.temp, destination)
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
        throw error
      }
      removeQuietly(this.temp)
      return true
    }

    /** The partial file, created on first use without following a symlink planted in its place. */
    private open(): number {
      if (this.fd !== null) return this.fd
      partialArea()
      this.fd = openSync(this.temp, CREATE_NEW, 0o600)
      return this.fd
    }

    private closeFile(): void {
      if (this.fd === null) return
      closeSync(this.fd)
      this.fd = null
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

/**
 * What keeps the name from being written under `root` as the tree stands, or `null`: a symlink or
 * a file on the way (a file where a directory is needed), or a directory at the name itself.
 */
function obstacle(root: string, segments: readonly string[]): WireError | null {
  let path = root
  for (const [index, segment] of segments.entries()) {
    path = join(path, segment)
    let stat: ReturnType<typeof lstatSync>
    try {
      stat = lstatSync(path)
    } catch {
      return null
    }
    if (stat.isSymbolicLink()) return WireErrors.CommitPathNotFound
    if (index === segments.length - 1)
      return stat.isDirectory() ? WireErrors.CommitAccessDenied : null
    if (!stat.isDirectory()) return WireErrors.CommitPathNotFound
  }
  return null
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

/** Opens a new file for writing; fails rather than follow a symlink or reuse a file. */
const CREATE_NEW = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW

/**
 * Whether the temporary area is still a real directory under the root and `temp` in it is the
 * file open as `fd` (same device and inode): nothing swapped either for a symlink since.
 */
function samePartialFile(fd: number, temp: string, partial: string): boolean {
  try {
    const area = lstatSync(partial)
    const file = lstatSync(temp)
    const open = fstatSync(fd)
    return area.isDirectory() && file.isFile() && file.ino === open.ino && file.dev === open.dev
  } catch {
    return false
  }
}

/** Why a name that passed Create-Session cannot be written now: the tree changed since. */
function commitError(name: string, root: string): WireError {
  const segments = name.split('/')
  if (!fitsFileSystem(resolve(root, ...segments), segments)) return WireErrors.CommitNameTooLong
  return obstacle(root, segments) ?? WireErrors.CommitPathNotFound
}

/** The Ack for a file-system error at commit, as Windows would name it. */
function commitErrorOf(error: unknown): WireError {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ENOTDIR':
    case 'ENOENT':
      return WireErrors.CommitPathNotFound
    case 'EISDIR':
    case 'ENOTEMPTY':
    case 'EEXIST':
    case 'EACCES':
    case 'EPERM':
      return WireErrors.CommitAccessDenied
    case 'ENAMETOOLONG':
      return WireErrors.CommitNameTooLong
    case 'ENOSPC':
    case 'EDQUOT':
      return WireErrors.CommitDiskFull
    default:
      return WireErrors.CommitFailed
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
}
