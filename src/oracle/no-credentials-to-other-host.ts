import type { JournalEntry } from '../journal/index.js'
import { classifyAnswer } from './answer-class.js'
import { defineRule } from './client-rule.js'
import { isPacket } from './requests.js'
import { hostOf } from './urls.js'
import { label } from './wording.js'

/**
 * The credentials of a job belong to the origin it uploads to. When a Create-Session Ack names a
 * `BITS-Host-Id` of another origin, the client sends its packets there (`use-host-id`) but not
 * its credentials, unless it was configured to (`credentialsToHostId`), as a browser drops
 * `Authorization` on a redirect to another origin.
 * @see [MC-BUP] §2.2.3.2 (BITS-Host-Id), §1.3.4.2; RFC 9110 §11.6.2 ("credentials … for the
 *   realm" of the origin); Fetch standard, "HTTP-redirect fetch" (Authorization removed when
 *   the origin changes)
 */
export const noCredentialsToOtherHost = defineRule({
  id: 'no-credentials-to-other-host',
  summary:
    'Credentials are never sent to a BITS-Host-Id host of another origin unless the client is configured to.',
  source: '[MC-BUP] §2.2.3.2; RFC 9110 §11.6.2',
  find(analysis, report) {
    const { hostId, credentialsToHostId } = analysis.options
    if (hostId === undefined || credentialsToHostId) return
    const target = hostId.toLowerCase()
    // Each leak is held against the latest Create-Session, sent to another host, that named it.
    const leaks = new Map<JournalEntry, JournalEntry[]>()
    let create: JournalEntry | undefined
    for (const entry of analysis.entries) {
      const there = hostOf(entry.url).toLowerCase() === target
      if (isPacket(entry, 'Create-Session') && !there && classifyAnswer(entry) === 'success')
        create = entry
      if (!create || !there || entry.authScheme === null) continue
      const sent = leaks.get(create)
      if (sent) sent.push(entry)
      else leaks.set(create, [entry])
    }
    for (const [origin, sent] of leaks) {
      const [first] = sent
      if (!first) continue
      report(
        `${label(origin)} went to ${hostOf(origin.url)} and named BITS-Host-Id ${hostId}, and ${sent.map(label).join(', ')} sent ${first.authScheme} credentials there: credentials go only to the origin, unless the client is configured to send them to the host id.`,
        [origin, ...sent],
      )
    }
  },
})
