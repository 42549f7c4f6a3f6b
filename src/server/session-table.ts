import { v4 as uuidv4 } from 'uuid'
import type { Clock } from '../shared/clock.js'
import { type Random, seededRandom } from '../shared/random.js'
import { describeSession, type Session, type SessionInfo } from './session.js'
import type { UploadStore } from './stores/index.js'

/**
 * Live sessions, as `bits.sessions` exposes them. An expired session is gone from the view.
 * @see [MC-BUP] §3.2.2 (session timer)
 * @example
 *   import type { SessionsView } from 'msw-bits'
 *
 *   const sessions: SessionsView = bits.sessions
 *   expect(sessions.size).toBe(0) // every session was closed or cancelled
 */
export interface SessionsView {
  /** Live sessions in creation order. */
  list(): SessionInfo[]
  /** A live session by id (any case), or `undefined`. */
  get(id: string): SessionInfo | undefined
  /** Number of live sessions. */
  readonly size: number
}

type NewSession = Pick<Session, 'name' | 'contentName' | 'protocol'>

/**
 * The server's sessions. A session idle for `sessionTimeout` seconds is gone the next time anyone
 * looks, which is what a client sees of an IIS session cleanup.
 * @see [MC-BUP] §3.2.2 (session timer), §3.2.7
 */
export class SessionTable implements SessionsView {
  private readonly byId = new Map<string, Session>()
  /** Ordinals outlive their sessions, so fault rules can still name an expired one. */
  private readonly ordinals = new Map<string, number>()
  private created = 0

  constructor(
    private readonly store: UploadStore,
    private readonly clock: Clock,
    /** `sessionTimeout`, in ms. */
    private readonly timeoutMs: number,
    /** Session ids come from it, so a seeded run issues the same ids. */
    seed: number,
  ) {
    this.random = seededRandom(seed)
  }

  private readonly random: Random

  create(init: NewSession): Session {
    const now = this.clock.now()
    const session: Session = {
      ...init,
      id: `{${uuidv4({ random: this.random.bytes(16) }).toUpperCase()}}`,
      ordinal: ++this.created,
      createdAt: now,
      lastActivity: now,
      total: null,
      sink: this.store.open(init.name),
      reply: null,
      staging: false,
    }
    this.byId.set(normalize(session.id), session)
    this.ordinals.set(normalize(session.id), session.ordinal)
    return session
  }

  /** The live session, touched so its idle timer restarts; `undefined` if unknown or expired. */
  touch(id: string): Session | undefined {
    const session = this.live(id)
    if (session) session.lastActivity = this.clock.now()
    return session
  }

  /** The live session whose reply is at `url`, if any. */
  findByReplyUrl(url: string): Session | undefined {
    this.sweep()
    for (const session of this.byId.values()) if (session.reply?.url === url) return session
    return undefined
  }

  delete(id: string): boolean {
    const key = normalize(id)
    this.byId.get(key)?.sink.discard?.()
    return this.byId.delete(key)
  }

  /** Forgets every session, as a server restart does; the creation count goes on. */
  clear(): void {
    for (const session of this.byId.values()) session.sink.discard?.()
    this.byId.clear()
  }

  /**
   * Forgets every session and restarts the creation count (fault rules' `session: 1` is the first
   * session after it). Ids go on from the seeded stream rather than restart: a client resuming with
   * an id from before the reset must get BG_E_SESSION_NOT_FOUND, as from a restarted server,
   * never land in someone else's upload. A fresh server with the same seed issues the same ids.
   * @see [MC-BUP] §3.2.7 (a server may drop sessions; clients then start over)
   */
  reset(): void {
    this.clear()
    this.ordinals.clear()
    this.created = 0
  }

  /** 1 for the first session created, 2 for the next…; `undefined` for an id never issued. */
  ordinalOf(id: string): number | undefined {
    return this.ordinals.get(normalize(id))
  }

  list(): SessionInfo[] {
    this.sweep()
    return [...this.byId.values()].map(describeSession)
  }

  get(id: string): SessionInfo | undefined {
    const session = this.live(id)
    return session && describeSession(session)
  }

  get size(): number {
    this.sweep()
    return this.byId.size
  }

  private live(id: string): Session | undefined {
    const key = normalize(id)
    const session = this.byId.get(key)
    if (session && this.expired(session)) {
      this.delete(key)
      return undefined
    }
    return session
  }

  private expired(session: Session): boolean {
    return this.clock.now() - session.lastActivity >= this.timeoutMs
  }

  private sweep(): void {
    for (const [key, session] of this.byId) if (this.expired(session)) this.delete(key)
  }
}

/** Session ids are GUIDs here, and GUIDs compare case-insensitively. */
function normalize(id: string): string {
  return id.trim().toUpperCase()
}
