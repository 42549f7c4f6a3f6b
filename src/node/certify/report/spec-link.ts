/** [MC-BUP] on Microsoft Learn. Its sections live at opaque per-page addresses: link the whole. */
export const MC_BUP_URL = 'https://learn.microsoft.com/openspecs/windows_protocols/mc-bup'

/** The Win32 BITS pages, `W32: <page>` in a scenario's `section`. */
const W32_URL = 'https://learn.microsoft.com/windows/win32/bits/'

/**
 * Where a scenario's `section` can be read: a Win32 page (`W32: ack-for-fragment`) at its own
 * address, an [MC-BUP] section (`[MC-BUP] §3.1.5`) at the specification's.
 * @example
 *   specUrl('W32: ack-for-fragment') // 'https://learn.microsoft.com/windows/win32/bits/ack-for-fragment'
 */
export function specUrl(section: string): string {
  const page = /^W32:\s*([a-z0-9-]+)/i.exec(section)?.[1]
  return page ? `${W32_URL}${page.toLowerCase()}` : MC_BUP_URL
}
