import { BitsUsageError } from '../../shared/usage-error.js'

/** A JSON response with an explicit Content-Length, as every control route answers. */
export function json(value: unknown, status = 200): Response {
  const body = Buffer.from(`${JSON.stringify(value, replacer, 2)}\n`)
  return new Response(body, {
    status,
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': String(body.byteLength),
    },
  })
}

/** Plain text with an explicit Content-Length. */
export function text(
  value: string,
  contentType = 'text/plain; charset=utf-8',
  status = 200,
): Response {
  const body = Buffer.from(value)
  return new Response(body, {
    status,
    headers: { 'Content-Type': contentType, 'Content-Length': String(body.byteLength) },
  })
}

/** `{ "error": …, "code": … }` with `status`. */
export function problem(status: number, error: string, code?: string): Response {
  return json(code === undefined ? { error } : { error, code }, status)
}

/**
 * The request's body as JSON, or the 400 to answer: control routes never throw for bad input.
 */
export async function readJson(request: Request): Promise<{ value: unknown } | Response> {
  const body = await request.text()
  try {
    return { value: JSON.parse(body) }
  } catch (error) {
    return problem(
      400,
      `Failed to read the request body as JSON: ${(error as Error).message}.`,
      'INVALID_JSON',
    )
  }
}

/** Runs a call that may throw a usage error (a bad plan) and answers 400 naming the field. */
export function usage(call: () => unknown): Response | null {
  try {
    call()
    return null
  } catch (error) {
    if (error instanceof BitsUsageError) return problem(400, error.message, error.code)
    throw error
  }
}

/** Bytes are never put in JSON; `Infinity` (a rule's `"always"`) is written as the plan says it. */
function replacer(key: string, value: unknown): unknown {
  if (key === 'bytes' && value instanceof Uint8Array) return undefined
  if (value === Number.POSITIVE_INFINITY) return 'always'
  return value
}
