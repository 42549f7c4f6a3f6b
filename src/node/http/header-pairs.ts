/**
 * The name/value pairs of a flat header list (`[name, value, name, value, …]`, the shape of
 * `node:http`'s `rawHeaders` and of the parser's `RequestHead.headers`), in order, repeats kept.
 * @example
 *   for (const [name, value] of headerPairs(['Host', 'a', 'Content-Length', '3'])) {}
 */
export function* headerPairs(headers: readonly string[]): Generator<[name: string, value: string]> {
  for (let i = 1; i < headers.length; i += 2) {
    const name = headers[i - 1]
    const value = headers[i]
    if (name !== undefined && value !== undefined) yield [name, value]
  }
}
