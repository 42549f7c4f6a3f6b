// The words of the plan's JSON Schema, kept apart from the zod schemas: only faultPlanJsonSchema()
// reads them, so a browser bundle that validates plans without writing the schema drops them.

/**
 * Each field's description, by its path in a plan: `rules[]` is any rule, `''` the plan itself.
 * @see DESIGN.md "Fault plans"
 */
const PLAN_DESCRIPTIONS: Readonly<Record<string, string>> = {
  '': 'An msw-bits fault plan.',
  $schema: 'The JSON Schema of plans, for editors.',
  seed: 'Seed of `probability` draws; default the server’s seed.',
  'rules[]': 'One fault: which packets it matches, when, and what it does.',
  'rules[].name': 'A label shown in the journal.',
  'rules[].packet':
    'Packet type(s) to match, or "Reply-Download"; absent = any packet or reply download (never a request that is not BITS).',
  'rules[].path': 'Glob on the remote name under baseUrl.',
  'rules[].session': 'A session id, or the session’s ordinal in creation order (1 = first).',
  'rules[].offset':
    'Fragment only: a fragment whose range contains this byte offset ("last": the last byte).',
  'rules[].after': 'Let this many matching packets through first.',
  'rules[].times': 'Act on this many matching packets (default 1, "always" with probability).',
  'rules[].probability': 'Act with this chance, drawn from the plan seed.',
  'rules[].timing':
    '"before" (default): the packet is lost; "after": processed, then its Ack is replaced.',
  'rules[].respond': 'Answer with this Ack, or with an intermediary’s plain answer.',
  'rules[].respond.status': 'HTTP status of the Ack (200–599).',
  'rules[].respond.error':
    "BITS-Error-Code; absent: an Ack without error headers (the client derives BG_E_HTTP_ERROR_<status>), or, with context, BG_E_HTTP_ERROR_<status> as for the server application's errors.",
  'rules[].respond.context': 'BITS-Error-Context; default "remote-file" (0x5) when error is given.',
  'rules[].respond.headers': 'Extra headers on the answer.',
  'rules[].respond.from':
    '"server" (default): a BITS Ack; "intermediary": a plain answer with no BITS headers, as HTTP.sys, a proxy or a load balancer sends.',
  'rules[].headers':
    "Headers added to the server's own Ack, which still goes out (OneDrive's X-Resource-Id); not with respond or effect.",
  'rules[].effect':
    'What happens instead of an Ack; "reauthenticate" answers 401 with a Basic challenge, so the client must send its credentials again; "stall" and "bandwidth" slow the reading of the body, then the server answers as usual; "slow-close" answers, then closes the connection durationMs late; "slicer" writes the answer in pieces; "limit_data" closes after limitBytes of it; "latency" answers delayMs late. Toxiproxy’s "reset_peer", "slow_close" and "timeout" name "reset", "slow-close" and a "stall" for good.',
  'rules[].afterBytes':
    'Fragment only, with effect "reset" or "stall": act once the server has read this many bytes of the body (a fragment cut mid-way).',
  'rules[].durationMs':
    'With "stall": how long the server stops reading (absent: until the client goes away); with "slow-close": how long the close waits after the answer.',
  'rules[].bytesPerSecond':
    'With "bandwidth" (required): the rate at which the server reads the body, in bytes per second.',
  'rules[].delayMs': 'Answer this many ms late (at most 2^31 - 1).',
  'rules[].jitterMs':
    'With delayMs: vary the delay by up to this many ms either way, drawn from the plan seed (Toxiproxy’s latency jitter).',
  'rules[].averageSize':
    'With "slicer" (required): the average size of each piece of the answer, in bytes (Toxiproxy’s average_size).',
  'rules[].sizeVariation':
    'With "slicer": how far a piece’s size varies either way, in bytes, less than averageSize (Toxiproxy’s size_variation; default 0).',
  'rules[].sliceDelayUs':
    'With "slicer": the wait between pieces, in microseconds (Toxiproxy’s delay; default 0).',
  'rules[].limitBytes':
    'With "limit_data" (required): how many bytes of the answer go out before the server closes the connection (Toxiproxy’s bytes).',
  'rules[].acceptBytes': 'Fragment only: keep only the first N bytes and Ack the shorter offset.',
}

type Node = Record<string, unknown>

/**
 * `schema` (the JSON Schema of plans) with each field's description set.
 * @throws {Error} when a described path is missing from `schema`: the table and zod disagree
 */
export function withDescriptions(schema: Node): Node {
  for (const [path, description] of Object.entries(PLAN_DESCRIPTIONS)) {
    nodeAt(schema, path).description = description
  }
  return schema
}

/** The schema node of `path`: `rules[].respond` is properties.rules.items.properties.respond. */
function nodeAt(schema: Node, path: string): Node {
  const steps = path === '' ? [] : path.split('.')
  return steps.reduce<Node>((node, step) => {
    const name = step.replace(/\[\]$/, '')
    let next = (node.properties as Record<string, Node> | undefined)?.[name]
    if (next !== undefined && step.endsWith('[]')) next = next.items as Node | undefined
    if (next === undefined) throw new Error(`The plan schema has no field ${path}`)
    return next
  }, schema)
}
