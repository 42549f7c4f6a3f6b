import * as z from 'zod/mini'
import type { FaultPlan } from '../faults/plan-schema.js'
import type { ErrorHeaderStyle } from '../protocol/index.js'
import { type Clock, systemClock } from '../shared/clock.js'
import { didYouMean } from '../shared/did-you-mean.js'
import { BitsUsageError } from '../shared/usage-error.js'
import { safeParse } from '../shared/zod.js'
import { type BasicAuthOptions, isRealm, type ResolvedAuth } from './basic-auth.js'
import { STORES, type StoreName, type Upload, type UploadStore } from './stores/index.js'

/**
 * What the `reply` function may return: the reply body, or a whole `Response` (a status of 400 or
 * more is the server application failing, answered with context 0x7).
 * @see W32: "BITS Upload-Reply", [MC-BUP] §3.2.5.2.6
 * @example
 *   import { createBitsServer, type ReplyBody } from 'msw-bits'
 *
 *   const bits = createBitsServer({
 *     baseUrl: 'https://bits.example.test/uploads',
 *     reply: (upload): ReplyBody => JSON.stringify({ id: upload.sessionId, size: upload.size }),
 *   })
 */
export type ReplyBody = string | Uint8Array | ArrayBuffer | Blob | Response

/**
 * Options of {@link createBitsServer}. Names follow the IIS BITS extension properties.
 * @throws {BitsUsageError} `INVALID_OPTIONS` from `createBitsServer`, naming the bad field
 * @see W32: "BITS IIS Extension Properties", [MC-BUP] §3.2.1
 * @example
 *   import { type BitsServerOptions, createBitsServer } from 'msw-bits'
 *
 *   const options: BitsServerOptions = {
 *     baseUrl: 'https://bits.example.test/uploads',
 *     maxFragmentSize: 65_536, // bytes: larger fragments get 413
 *     sessionTimeout: 60, // seconds of idleness
 *     allowOverwrites: false,
 *     seed: 7,
 *   }
 *   const bits = createBitsServer(options)
 */
export interface BitsServerOptions {
  /** The upload URL prefix (`https://bits.example.test/uploads`); remote names are paths under it. */
  baseUrl: string
  /** `BITSUploadEnabled`. When false every packet gets 501 E_ACCESSDENIED. Default `true`. */
  uploadEnabled?: boolean
  /** `BITSMaximumUploadSize`, in bytes. Larger uploads get 500 BG_E_TOO_LARGE. Default unlimited. */
  maxUploadSize?: number
  /** Largest fragment accepted, in bytes; larger ones get 413. Default unlimited. */
  maxFragmentSize?: number
  /** `BITSSessionTimeout`, in seconds of idleness before a session is dropped. Default 1,209,600 (14 days). */
  sessionTimeout?: number
  /**
   * `BITSHostId`: a server name or IP address with an optional port (`node2.example.test`,
   * `10.0.0.2:8080`), sent in `BITS-Host-Id`; handlers answer there too. A scheme or a path is
   * refused (`INVALID_OPTIONS`).
   */
  hostId?: string
  /** `BITSHostIdFallbackTimeout`, in seconds, sent with `hostId`. Default 86,400. */
  hostIdFallbackTimeout?: number
  /** `BITSAllowOverwrites`. When false, Create-Session to a name already uploaded gets 403. Default `true`. */
  allowOverwrites?: boolean
  /**
   * Upload-reply (`BITSServerNotificationType` 2): called with the completed upload when its last
   * fragment arrives; the result is served at the `BITS-Reply-URL` of that fragment's Ack.
   * Throwing answers 500 E_FAIL with context 0x7 (the server application failed).
   */
  reply?: (upload: Upload) => ReplyBody | Promise<ReplyBody>
  /**
   * Basic authentication of the virtual directory, as IIS does it: a packet or reply download
   * without these credentials gets 401 with `WWW-Authenticate: Basic realm="…"` (an Ack, context
   * 0x5). Default none.
   * @throws {BitsUsageError} `INVALID_OPTIONS`, naming the field (`"auth.username"`)
   * @example
   *   createBitsServer({ baseUrl, auth: { username: 'uploader', password: 's3cret', realm: 'crash dumps' } })
   * @see W32: "BITS Authentication"; RFC 7617
   */
  auth?: BasicAuthOptions
  /** Status of a successful Create-Session Ack: 200, or 201 as OneDrive sends. Default 200 (201 with the OneDrive dialect). */
  createSessionStatus?: 200 | 201
  /**
   * Which server to be: `'iis'` (default), or `'onedrive'`, whose BITS endpoint answers
   * Create-Session 201 and puts the committed item's `X-Resource-Id` on the Close-Session Ack
   * (a OneDrive client fails without either). Its clients send `POST` with
   * `X-Http-Method-Override: BITS_POST`, which every dialect accepts.
   * @throws {BitsUsageError} `INVALID_OPTIONS`, naming `"dialect"`
   * @example
   *   createBitsServer({ baseUrl: 'https://my.microsoftpersonalcontent.test/up', dialect: 'onedrive' })
   */
  dialect?: Dialect
  /** Which error header(s) to send. Default `'both'`. */
  errorHeaders?: ErrorHeaderStyle
  /** `'memory'` (keeps bytes, default), `'digest'` (size and SHA-256 only), or a custom store. */
  store?: StoreName | UploadStore
  /**
   * The fault plan in force from the start (validated now; `bits.reset()` restores it).
   * @throws {BitsUsageError} `INVALID_PLAN`, naming the bad field (`faults.rules[0].times: …`)
   */
  faults?: FaultPlan
  /** Seed of every random choice: session ids, fault probabilities (when a plan has no seed). Default 0. */
  seed?: number
  /** Where time comes from. Default: the global `Date.now`/`setTimeout`, so fake timers drive it. */
  clock?: Clock
  /**
   * How many journal entries are kept: older ones are dropped, and the timeline says how many.
   * `seq` goes on counting. Default 100,000 (a long-running server stays bounded; a test never
   * gets near it); `Infinity` keeps everything.
   */
  journalLimit?: number
}

/** The servers whose BITS answers msw-bits can give. */
export const DIALECTS = ['iis', 'onedrive'] as const
export type Dialect = (typeof DIALECTS)[number]

const isFunction = (value: unknown): boolean => typeof value === 'function'

/**
 * Whether `value` is what `BITSHostId` holds: a server name or IP address, with an optional port
 * (`node2.example.test`, `10.0.0.2:8080`, `[::1]:8080`), and nothing else (no scheme, user, path).
 * The URL parser decides what a host is.
 * @see W32: "BITS IIS Extension Properties" (BITSHostId), [MC-BUP] §2.2.3.2
 */
function isHostId(value: string): boolean {
  if (/[/\\?#@\s]/.test(value)) return false
  try {
    const url = new URL(`http://${value}`)
    return url.hostname !== '' && url.pathname === '/'
  } catch {
    return false
  }
}

/** Basic credentials: RFC 7617 forbids ":" in the user name; the realm is sent quoted. */
const authSchema = () =>
  z.strictObject({
    username: z.string().check(
      z.minLength(1),
      z.refine((name) => !name.includes(':'), 'a Basic user name may not hold ":" (RFC 7617)'),
    ),
    password: z.string(),
    realm: z.optional(
      z
        .string()
        .check(z.refine(isRealm, 'expected printable ASCII without " or \\ (it is sent quoted)')),
    ),
  })

const optionsSchema = () =>
  z.strictObject({
    baseUrl: z.url({ protocol: /^https?$/ }),
    uploadEnabled: z._default(z.boolean(), true),
    maxUploadSize: z._default(z.int().check(z.positive()), Number.MAX_SAFE_INTEGER),
    maxFragmentSize: z._default(z.int().check(z.positive()), Number.MAX_SAFE_INTEGER),
    sessionTimeout: z._default(z.number().check(z.positive()), 1_209_600),
    hostId: z.optional(
      z
        .string()
        .check(
          z.refine(
            isHostId,
            'expected a server name or IP address with an optional port ("node2.example.test", "10.0.0.2:8080"), as BITSHostId holds; no scheme or path',
          ),
        ),
    ),
    hostIdFallbackTimeout: z._default(z.int().check(z.nonnegative()), 86_400),
    allowOverwrites: z._default(z.boolean(), true),
    reply: z.optional(z.custom<NonNullable<BitsServerOptions['reply']>>(isFunction, 'a function')),
    auth: z.optional(authSchema()),
    createSessionStatus: z.optional(z.union([z.literal(200), z.literal(201)])),
    dialect: z._default(z.enum(DIALECTS), 'iis'),
    errorHeaders: z._default(z.enum(['both', 'BITS-Error-Code', 'BITS-Error']), 'both'),
    store: z._default(
      z.union([
        z.enum(Object.keys(STORES) as [StoreName, ...StoreName[]]),
        z.custom<UploadStore>(
          (value) => isFunction((value as UploadStore | null)?.open),
          'a store',
        ),
      ]),
      'memory',
    ),
    // Checked by the fault engine, which names fields inside the plan.
    faults: z.optional(z.custom<FaultPlan>(() => true)),
    seed: z._default(z.int(), 0),
    clock: z._default(
      z.custom<Clock>(
        (value) => isFunction((value as Clock | null)?.now) && isFunction((value as Clock).sleep),
        'a clock with now() and sleep()',
      ),
      systemClock,
    ),
    journalLimit: z._default(
      z.union([z.int().check(z.positive()), z.literal(Number.POSITIVE_INFINITY)], {
        error: 'expected a positive whole number of entries, or Infinity',
      }),
      100_000,
    ),
  })

let schema: ReturnType<typeof optionsSchema> | undefined
/** The schema, built on the first server rather than on import (issue 19). */
const builtSchema = () => (schema ??= optionsSchema())

/** " Did you mean "maxFragmentSize"?" for one misspelt option name, else `''`. */
function optionHint(issue: { code: string; keys?: string[] }): string {
  const [key, ...more] = issue.code === 'unrecognized_keys' ? (issue.keys ?? []) : []
  return key === undefined || more.length > 0
    ? ''
    : didYouMean(key, Object.keys(builtSchema().def.shape))
}

/** Options with every default filled in. */
export type ResolvedOptions = Omit<
  z.output<ReturnType<typeof optionsSchema>>,
  'store' | 'auth' | 'createSessionStatus'
> & {
  createSessionStatus: 200 | 201
  store: UploadStore
  /** `auth` with its realm filled in, or `undefined` when requests need no credentials. */
  auth: ResolvedAuth | undefined
  /** `baseUrl` parsed, without a trailing slash on its path. */
  base: URL
}

/**
 * Checks options and fills in defaults.
 * @throws {BitsUsageError} `INVALID_OPTIONS`, naming the field and what it expected.
 */
export function resolveOptions(options: BitsServerOptions): ResolvedOptions {
  const parsed = safeParse(builtSchema(), options)
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map(
        (issue) => `"${issue.path.join('.') || '(options)'}": ${issue.message}${optionHint(issue)}`,
      )
      .join('; ')
    throw new BitsUsageError(
      'INVALID_OPTIONS',
      `Failed to create the BITS server: ${problems}. See the options table in the msw-bits README.`,
    )
  }
  const { store, auth, ...rest } = parsed.data
  const base = new URL(rest.baseUrl)
  base.pathname = base.pathname.replace(/\/+$/, '')
  base.search = ''
  base.hash = ''
  return {
    ...rest,
    createSessionStatus: rest.createSessionStatus ?? (rest.dialect === 'onedrive' ? 201 : 200),
    store: typeof store === 'string' ? STORES[store] : store,
    base,
    auth: auth && { ...auth, realm: auth.realm ?? base.host },
  }
}
