import { X509Certificate } from 'node:crypto'
import { isIP } from 'node:net'

/** Names every loopback server answers to, as Vite's dev server (`server.allowedHosts`). */
const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'] as const

/** Which `Host` header values the server answers; anything else gets 403. */
export interface HostAllowlist {
  /** `allowedHosts: true`: the check is off. */
  readonly any: boolean
  /** Exact host names, lower case, IPv6 in brackets (`[::1]`). */
  readonly names: ReadonlySet<string>
  /** Domains whose subdomains are allowed too, with their leading dot (`.localhost`). */
  readonly domains: readonly string[]
}

/** What the allowlist is built from. */
export interface HostAllowlistSource {
  /** The interface the server listens on (`127.0.0.1`, `0.0.0.0`, `bits.test`). */
  listenHost: string
  /** Hosts the server was given, port allowed: its `baseUrl`'s, its `hostId` (`BITSHostId`). */
  givenHosts?: readonly string[] | undefined
  /** The served certificate in PEM, whose DNS and IP names are allowed; none on http. */
  certificate?: string | Buffer | undefined
  /** `allowedHosts`: more names (`.example.test` for a domain and its subdomains), or `true`. */
  allowedHosts?: true | readonly string[] | undefined
}

/**
 * The `Host` allowlist that keeps DNS rebinding out: a page on `rebind.attacker.example` whose
 * name later resolves to 127.0.0.1 still sends its own name in `Host`. Always allowed:
 * `localhost`, `*.localhost`, IP addresses (a rebinding page cannot put one in `Host`), the
 * listening host, the hosts of `baseUrl` and `hostId`, and the certificate's names; `allowedHosts` adds names, `true` turns it off.
 * @example
 *   const list = hostAllowlist({ listenHost: '127.0.0.1', allowedHosts: ['bits.test'] })
 *   isHostAllowed('bits.test:8123', list) // true
 *   isHostAllowed('rebind.attacker.example', list) // false
 * @see GHSA-vg6x-rcgg-rjx6 (Vite), RFC 9110 §7.2 (Host)
 */
export function hostAllowlist({
  listenHost,
  givenHosts = [],
  certificate,
  allowedHosts,
}: HostAllowlistSource): HostAllowlist {
  const extra = allowedHosts === true ? [] : [...(allowedHosts ?? [])]
  const given = [listenHost, ...givenHosts.map((host) => hostnameOf(host) ?? host)]
  const all = [...LOOPBACK_NAMES, ...given, ...certificateNames(certificate), ...extra]
  const names = new Set<string>()
  const domains = ['.localhost']
  for (const name of all.map(normalise)) {
    if (name.startsWith('.')) domains.push(name)
    else names.add(name)
  }
  return { any: allowedHosts === true, names, domains }
}

/**
 * Whether a request's `Host` header value (`localhost:8123`, `[::1]:8123`) names this server.
 * A request without `Host` (HTTP/1.0) is allowed: a browser always sends one.
 */
export function isHostAllowed(host: string | null, list: HostAllowlist): boolean {
  if (list.any || host === null) return true
  const name = hostnameOf(host)
  if (name === null) return false
  if (isIP(name) !== 0 || (name.startsWith('[') && isIP(name.slice(1, -1)) === 6)) return true
  if (list.names.has(name)) return true
  return list.domains.some((domain) => name.endsWith(domain) || name === domain.slice(1))
}

/** The host name of a `Host` value, lower case, without the port; `null` when malformed. */
export function hostnameOf(host: string): string | null {
  const value = host.trim().toLowerCase()
  const match = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::\d*)?$/.exec(value)
  return match?.[1] ? normalise(match[1]) : null
}

/** Lower case, a trailing root dot dropped, a bare IPv6 address bracketed as `Host` carries it. */
function normalise(name: string): string {
  const lower = name.trim().toLowerCase().replace(/\.$/, '')
  return isIP(lower) === 6 ? `[${lower}]` : lower
}

/** The DNS names and IP addresses of a certificate's subjectAltName. */
function certificateNames(pem: string | Buffer | undefined): string[] {
  if (pem === undefined) return []
  let altNames: string | undefined
  try {
    altNames = new X509Certificate(pem).subjectAltName
  } catch {
    return []
  }
  return (altNames ?? '')
    .split(/,\s*/)
    .map((entry) => /^(?:DNS|IP Address):(.+)$/.exec(entry)?.[1]?.replace(/^\*\./, '.'))
    .filter((name): name is string => name !== undefined)
}
