/** The path of a URL, for matching uploads and Create-Sessions across hosts. */
export function pathOf(url: string): string {
  try {
    return new URL(url).pathname
  } catch {
    return url
  }
}

/** The host (`name:port`) of a URL, lower-case; `''` when it does not parse. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host
  } catch {
    return ''
  }
}

/** The URL without its query and fragment: reply downloads are the same URL whatever they ask. */
export function withoutQuery(url: string): string {
  return url.split(/[?#]/)[0] ?? url
}
