/**
 * HRESULTs a BITS upload server answers with, by their SDK names.
 *
 * @see bitsmsg.h (BG_E_*), winerror.h (E_*), W32: "BITS Return Values"
 * @example
 *   import { HResult } from 'msw-bits'
 *
 *   // A client that restarted on a lost session:
 *   expect(bits.journal.last({ packet: 'Fragment' })?.errorCode).toBe(HResult.BG_E_SESSION_NOT_FOUND)
 */
export const HResult = {
  /** No error: sent with 416, where the client must resync (§3.1.5.1.4). */
  S_OK: 0,
  E_NOTIMPL: 0x80004001,
  E_FAIL: 0x80004005,
  E_ACCESSDENIED: 0x80070005,
  E_INVALIDARG: 0x80070057,
  /**
   * HRESULT_FROM_WIN32(ERROR_DISK_FULL): ERROR_DISK_FULL is 112, that is 0x70. [MC-BUP] prints
   * `x80070112`, the decimal 112 written as hex (0x80070112 would be ERROR_DISK_TOO_FRAGMENTED,
   * 274). msw-bits keeps the correct value; a plan sends the spec's literal to test a client
   * written from the spec's text: `respond: { status: 500, error: '0x80070112' }`.
   * @see W32: "System Error Codes (0-499)" (ERROR_DISK_FULL 112), "HRESULT_FROM_WIN32"
   */
  E_DISK_FULL: 0x80070070,
  /**
   * HRESULT_FROM_WIN32(ERROR_PATH_NOT_FOUND), 3: what Windows answers when a directory of the
   * path is a file. @see W32: "System Error Codes (0-499)"
   */
  E_PATH_NOT_FOUND: 0x80070003,
  /**
   * HRESULT_FROM_WIN32(ERROR_FILENAME_EXCED_RANGE), 206: a name too long for the file system.
   * @see W32: "System Error Codes (0-499)"
   */
  E_FILENAME_EXCED_RANGE: 0x800700ce,
  BG_E_INVALID_SERVER_RESPONSE: 0x8020001b,
  BG_E_SESSION_NOT_FOUND: 0x8020001f,
  BG_E_TOO_LARGE: 0x80200020,
  BG_E_CLIENT_SERVER_PROTOCOL_MISMATCH: 0x80200022,
} as const

/**
 * An HRESULT name msw-bits knows: a key of {@link HResult}. Fault plans name errors by it.
 * @example
 *   import type { HResultName } from 'msw-bits'
 *
 *   const lost: HResultName = 'BG_E_SESSION_NOT_FOUND'
 *   bits.faults.use({ rules: [{ packet: 'Fragment', respond: { status: 500, error: lost } }] })
 */
export type HResultName = keyof typeof HResult

/**
 * BITS error HRESULTs by short name, as the public API promises:
 * `BitsError.SESSION_NOT_FOUND === 0x8020001F`.
 * @see bitsmsg.h
 * @example
 *   import { BitsError } from 'msw-bits'
 *
 *   const closes = bits.journal.filter({ packet: 'Close-Session' })
 *   expect(closes.some((entry) => entry.errorCode === BitsError.SESSION_NOT_FOUND)).toBe(false)
 */
export const BitsError = {
  SESSION_NOT_FOUND: HResult.BG_E_SESSION_NOT_FOUND,
  TOO_LARGE: HResult.BG_E_TOO_LARGE,
  INVALID_SERVER_RESPONSE: HResult.BG_E_INVALID_SERVER_RESPONSE,
  CLIENT_SERVER_PROTOCOL_MISMATCH: HResult.BG_E_CLIENT_SERVER_PROTOCOL_MISMATCH,
} as const

/** `BG_E_HTTP_ERROR_<nnn>`: the HRESULT a client reports for an HTTP status without a BITS error. @see bitsmsg.h */
export function httpErrorHResult(status: number): number {
  return 0x80190000 + status
}

/**
 * `BG_ERROR_CONTEXT`: who raised an error. Servers send `REMOTE_FILE` (0x5, the BITS server
 * itself) or `REMOTE_APPLICATION` (0x7, the application behind it).
 * @see W32: BG_ERROR_CONTEXT enumeration, [MC-BUP] §2.2.1.2 (BITS-Error-Context)
 * @example
 *   import { BitsErrorContext } from 'msw-bits'
 *
 *   // A `reply` function that threw: the application behind the server failed.
 *   const close = bits.journal.last({ packet: 'Close-Session' })
 *   expect(close?.errorContext).toBe(BitsErrorContext.REMOTE_APPLICATION)
 */
export const BitsErrorContext = {
  NONE: 0,
  UNKNOWN: 1,
  GENERAL_QUEUE_MANAGER: 2,
  QUEUE_MANAGER_NOTIFICATION: 3,
  LOCAL_FILE: 4,
  REMOTE_FILE: 5,
  GENERAL_TRANSPORT: 6,
  REMOTE_APPLICATION: 7,
  SERVER_CERTIFICATE_CALLBACK: 8,
} as const

/**
 * An error the server reports in `BITS-Error-Code` / `BITS-Error-Context`: an entry of
 * {@link WireErrors}.
 * @see [MC-BUP] §2.2.1.2 (BITS-Error-Code, BITS-Error-Context)
 * @example
 *   import { type WireError, WireErrors } from 'msw-bits'
 *
 *   const { status, hresult, context }: WireError = WireErrors.SessionNotFound
 *   // 500, 0x8020001F (BG_E_SESSION_NOT_FOUND), 0x5 (REMOTE_FILE)
 */
export interface WireError {
  /** HTTP status of the Ack. */
  readonly status: number
  /** HRESULT for `BITS-Error-Code` (unsigned 32-bit). */
  readonly hresult: number
  /** `BG_ERROR_CONTEXT` for `BITS-Error-Context`. */
  readonly context: number
}

const serverError = (status: number, hresult: number): WireError =>
  Object.freeze({ status, hresult, context: BitsErrorContext.REMOTE_FILE })

/**
 * Every error the emulated server itself answers, in one table. Packet modules name an entry;
 * the Ack builder renders its headers.
 * @see [MC-BUP] §3.2.5.2 (the server's processing of each packet)
 * @example
 *   import { WireErrors } from 'msw-bits'
 *
 *   const tooBig = bits.journal.first({ status: WireErrors.FragmentTooLarge.status })
 *   expect(tooBig?.packet).toBe('Fragment') // 413: the client should retry smaller
 */
export const WireErrors = Object.freeze({
  /** Malformed or inconsistent packet. @see [MC-BUP] §3.2.5.2.3, §3.2.5.2.6 */
  InvalidArgument: serverError(400, HResult.E_INVALIDARG),
  /** No protocol in common. @see [MC-BUP] §3.2.5.2.4 */
  NoCommonProtocol: serverError(400, HResult.E_INVALIDARG),
  /** The destination exists and `allowOverwrites` is off. @see [MC-BUP] §3.2.5.2.4 */
  OverwriteRefused: serverError(403, HResult.E_ACCESSDENIED),
  /**
   * No valid credentials for a virtual directory that demands them (`auth`), or a fault rule's
   * `reauthenticate`: IIS answers before BITS sees the packet; the Ack carries the challenge.
   * @see RFC 9110 §15.5.2, §11.6.1; W32: "BITS Authentication"
   */
  Unauthorized: serverError(401, httpErrorHResult(401)),
  /** Fragment larger than `maxFragmentSize`; the client retries smaller. @see [MC-BUP] §3.2.5.2.6 */
  FragmentTooLarge: serverError(413, httpErrorHResult(413)),
  /** A gap: the client resumes from `BITS-Received-Content-Range`; code 0. @see [MC-BUP] §3.2.5.2.6 */
  OutOfSync: serverError(416, HResult.S_OK),
  /** Session unknown: expired, forgotten by a restart, or never created. @see [MC-BUP] §3.2.5.2.3 */
  SessionNotFound: serverError(500, HResult.BG_E_SESSION_NOT_FOUND),
  /** The upload would exceed `maxUploadSize`. @see [MC-BUP] §3.2.5.2.6 */
  TooLarge: serverError(500, HResult.BG_E_TOO_LARGE),
  /** `uploadEnabled` is false. @see W32: BITSUploadEnabled, [MC-BUP] §3.2.5.2.3 */
  UploadsDisabled: serverError(501, HResult.E_ACCESSDENIED),
  /**
   * A complete upload could not be written at its remote name (Close-Session): a file stands
   * where the name needs a directory, a directory where it needs a file, the name is too long,
   * the disk is full, or the file system refused. A server error, so the client resends
   * Close-Session (§3.1.5) and the session keeps its bytes for it.
   * @see [MC-BUP] §3.2.5.2.7, §2.2.1.2 (error context 0x5: the server itself)
   */
  CommitPathNotFound: serverError(500, HResult.E_PATH_NOT_FOUND),
  CommitAccessDenied: serverError(500, HResult.E_ACCESSDENIED),
  CommitNameTooLong: serverError(500, HResult.E_FILENAME_EXCED_RANGE),
  CommitDiskFull: serverError(500, HResult.E_DISK_FULL),
  CommitFailed: serverError(500, HResult.E_FAIL),
  /** The server application (the `reply` function) failed. @see [MC-BUP] §3.2.5.2.6 */
  ApplicationFailed: Object.freeze({
    status: 500,
    hresult: HResult.E_FAIL,
    context: BitsErrorContext.REMOTE_APPLICATION,
  }),
} satisfies Record<string, WireError>)

/** `0x` + upper-case hex of an unsigned 32-bit value: `0x8020001F`, `0x5`. @see [MC-BUP] §2.2.1.2 */
export function formatHex(value: number): string {
  return `0x${(value >>> 0).toString(16).toUpperCase()}`
}

const hresultNames = new Map<number, string>(
  Object.entries(HResult).map(([name, code]) => [code >>> 0, name]),
)

/** The SDK name of an HRESULT (`BG_E_SESSION_NOT_FOUND`), `BG_E_HTTP_ERROR_<nnn>`, or its hex. */
export function hresultName(code: number): string {
  const unsigned = code >>> 0
  const named = hresultNames.get(unsigned)
  if (named) return named
  const status = unsigned - 0x80190000
  if (status >= 100 && status <= 599) return `BG_E_HTTP_ERROR_${status}`
  return formatHex(unsigned)
}

const contextNames = new Map<number, string>(
  Object.entries(BitsErrorContext).map(([name, value]) => [value, name]),
)

/** The name of a `BG_ERROR_CONTEXT` value (`REMOTE_FILE`), or its hex. */
export function contextName(context: number): string {
  return contextNames.get(context) ?? formatHex(context)
}

/** Parses an HRESULT header value (`0x8020001F`, or decimal) into an unsigned number, or `null`. */
export function parseHex(value: string | null): number | null {
  if (value === null) return null
  const text = value.trim()
  const parsed = /^0x[0-9a-f]{1,8}$/i.test(text)
    ? Number.parseInt(text.slice(2), 16)
    : /^-?\d+$/.test(text)
      ? Number(text)
      : Number.NaN
  return Number.isSafeInteger(parsed) ? parsed >>> 0 : null
}
