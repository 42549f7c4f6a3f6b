/** [MC-BUP] on Microsoft Learn. Its sections live at opaque per-page addresses: link the whole. */
export const MC_BUP_URL = 'https://learn.microsoft.com/openspecs/windows_protocols/mc-bup'

/** The Win32 BITS pages, `W32: <page title>` in a scenario's `section`. */
const W32_URL = 'https://learn.microsoft.com/windows/win32/bits/'

/**
 * Where a scenario's `section` can be read: a Win32 page (`W32: BITS Authentication`) at its own
 * address (the title in lower case, words joined by `-`), an [MC-BUP] section
 * (`[MC-BUP] §3.1.5`) at the specification's; `null` for any other source.
 * @example
 *   specUrl('W32: BITS Authentication') // 'https://learn.microsoft.com/windows/win32/bits/bits-authentication'
 *   specUrl('[MC-BUP] §3.1.5') // MC_BUP_URL
 */
export function specUrl(section: string): string | null {
  const page = /^W32:\s*(.+)$/i.exec(section.trim())?.[1]
  if (page)
    return `${W32_URL}${page
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')}`
  return /^\[MC-BUP\]/.test(section) ? MC_BUP_URL : null
}
