// zod/mini: the same schemas as classic zod at about an eighth of its bundled size, checks as
// functions a bundler can drop when unused. The build bundles it (tsup noExternal), so Node loads
// only what the schemas use rather than zod's 50 locales.
import * as z from 'zod/mini'
import en from 'zod/v4/locales/en.js'

/**
 * `schema.safeParse(value)` with English messages. Classic zod sets them on first use; zod/mini
 * leaves that to its user. A locale the application chose is kept.
 */
export function safeParse<T extends z.ZodMiniType>(
  schema: T,
  value: unknown,
): z.core.util.SafeParseResult<z.output<T>> {
  if (z.config().localeError === undefined) z.config(en())
  return schema.safeParse(value)
}
