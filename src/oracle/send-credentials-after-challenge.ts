import { defineRule } from './client-rule.js'
import { isResend } from './requests.js'
import { label } from './wording.js'

/**
 * A 401 carries the server's challenge (`WWW-Authenticate: Basic realm="…"`): the client that
 * sends the request again sends it with credentials (`Authorization`). Resending it bare only
 * earns the same 401. A client that gives up after a 401 breaks nothing here.
 * @see RFC 9110 §11.6.1 ("A user agent that wishes to authenticate itself … MAY do so by
 *   including an Authorization header field with the request"), §15.5.2 (401); RFC 7617 §2;
 *   W32: "BITS Authentication" (BITS sends a job's credentials when the server challenges)
 */
export const sendCredentialsAfterChallenge = defineRule({
  id: 'send-credentials-after-challenge',
  summary: 'After a 401 challenge, the request is sent again with credentials (Authorization).',
  source: 'RFC 9110 §11.6.1, RFC 7617 §2',
  find(analysis, report) {
    for (const challenged of analysis.entries) {
      if (challenged.status !== 401) continue
      const next = analysis.nextInStream(challenged)
      if (!next || !isResend(challenged, next) || next.authScheme !== null) continue
      report(
        `${label(challenged)} was answered 401 with a challenge and ${label(next)} sent it again without credentials: after a 401 the client sends Authorization.`,
        [challenged, next],
      )
    }
  },
})
