// The emulated BITS servers this example uploads to, and the fault plans it can play.
import { createBitsServer, type FaultPlan } from 'msw-bits'
import applicationErrors from 'msw-bits/fixtures/plans/application-errors-context-7.json'
import closeSessionNotFound from 'msw-bits/fixtures/plans/close-session-not-found.json'
import fragment503Burst from 'msw-bits/fixtures/plans/fragment-503-burst.json'
import lostAck from 'msw-bits/fixtures/plans/lost-ack-last-fragment.json'
import serverRestart from 'msw-bits/fixtures/plans/server-restart.json'

/** On the page's own origin: what a same-origin uploader talks to. */
export const bits = createBitsServer({ baseUrl: new URL('/uploads', location.origin).href })

/** On another origin, which the service worker answers as well (no CORS set-up needed). */
export const remoteBits = createBitsServer({ baseUrl: 'https://bits.example.test/uploads' })

/** Every server's handlers, for `setupWorker(...)` or Storybook's `msw.use(...)`. */
export const handlers = [...bits.handlers, ...remoteBits.handlers]

/** The shipped fault plans this example offers, by a short key. */
export const plans: Record<string, FaultPlan | null> = {
  none: null,
  'fragment-503-burst': fragment503Burst as FaultPlan,
  'close-session-not-found': closeSessionNotFound as FaultPlan,
  'application-errors-context-7': applicationErrors as FaultPlan,
  'lost-ack-last-fragment': lostAck as FaultPlan,
  'server-restart': serverRestart as FaultPlan,
}

/** A server back to new, with `plan` in force (none: every packet answered as the spec says). */
export function resetWith(server: typeof bits, plan: FaultPlan | null): void {
  server.reset()
  if (plan) server.faults.use(plan)
}
