/**
 * The longest name of one path segment, in bytes: `NAME_MAX` on Linux (ext4, xfs, btrfs, tmpfs)
 * and the macOS file systems. A longer segment fails with `ENAMETOOLONG` when it is written.
 * @see POSIX `<limits.h>` NAME_MAX; Linux `include/uapi/linux/limits.h`
 */
export const MAX_SEGMENT_BYTES = 255

/**
 * The longest path the file system APIs take, in bytes with the terminating NUL: `PATH_MAX` is
 * 4096 on Linux and 1024 on macOS; Windows' classic `MAX_PATH` is 260 UTF-16 units.
 */
const MAX_PATH_BYTES: Partial<Record<NodeJS.Platform, number>> = { darwin: 1024, win32: 260 }
const LINUX_PATH_MAX = 4096

/**
 * Whether a path can be created on this platform's file systems: each segment within
 * {@link MAX_SEGMENT_BYTES} bytes of UTF-8, the whole within the platform's path limit. Checked
 * at Create-Session, so a name that could never be written is refused before its bytes are sent.
 * @param path the absolute path the name would be written at
 * @param segments the name's segments
 * @example
 *   fitsFileSystem('/srv/up/a.bin', ['a.bin']) // true
 *   fitsFileSystem(`/srv/up/${'x'.repeat(300)}`, ['x'.repeat(300)]) // false
 */
export function fitsFileSystem(path: string, segments: readonly string[]): boolean {
  const limit = MAX_PATH_BYTES[process.platform] ?? LINUX_PATH_MAX
  if (Buffer.byteLength(path) >= limit) return false
  return segments.every((segment) => Buffer.byteLength(segment) <= MAX_SEGMENT_BYTES)
}
