import { isControlPath } from '../control/control-api.js'
import { problem } from '../control/json.js'
import type { IncomingRequest } from '../http/connection.js'
import type { Reply, SocketAnswer } from '../http/socket-answer.js'
import { decide, type GatePolicy } from './gate.js'

type Answer = (incoming: IncomingRequest) => Promise<SocketAnswer>

/**
 * Puts the gate in front of the loopback server's answer: a refusal or a preflight is answered
 * here and the request goes no further (nothing changes, no body is read); a request let through
 * gets the gate's headers (CORS, CSP) on its answer.
 * @example
 *   serveConnection(socket, { …, answer: guarded(policy, answer) })
 */
export function guarded(policy: GatePolicy, answer: Answer): Answer {
  // Not async: a request let through with nothing to add is answered with no extra promise.
  return (incoming) => {
    const decision = decide(policy, {
      method: incoming.method,
      headers: incoming.headers,
      scheme: incoming.scheme,
      control: isControlPath(incoming.pathname),
    })
    switch (decision.kind) {
      case 'refuse': {
        const response = problem(decision.status, decision.error, decision.code)
        return Promise.resolve({
          kind: 'respond',
          response: withHeaders(response, decision.headers),
        })
      }
      case 'preflight':
        return Promise.resolve({
          kind: 'respond',
          response: new Response(null, { status: 204, headers: decision.headers }),
        })
      case 'pass': {
        const { headers } = decision
        if (Object.keys(headers).length === 0) return answer(incoming)
        return answer(incoming).then((answered) => withAnswerHeaders(answered, headers))
      }
    }
  }
}

function withAnswerHeaders(
  answer: SocketAnswer,
  headers: Readonly<Record<string, string>>,
): SocketAnswer {
  if (!('response' in answer)) return answer
  return { ...answer, response: withHeaders(answer.response, headers) }
}

/** The response with these headers set; rebuilt, since a Response's headers may be immutable. */
function withHeaders(response: Reply, headers: Readonly<Record<string, string>>): Reply {
  if (!(response instanceof Response)) {
    const merged: Record<string, string> = { ...response.headers }
    for (const [name, value] of Object.entries(headers)) merged[name.toLowerCase()] = value
    return { status: response.status, headers: merged }
  }
  const merged = new Headers(response.headers)
  for (const [name, value] of Object.entries(headers)) merged.set(name, value)
  return new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers: merged,
  })
}
