// `npm run readme:samples`: the README's sample outputs come from real runs, not from pasting.
// Each fenced block after a `<!-- sample: NAME … -->` line is replaced with what NAME prints: an
// upload by the reference client through setupServer, on a clock that advances 1 ms per reading
// so the times are the same on every machine. `--check` (in check:readme) fails when they differ.
import { readFileSync, writeFileSync } from 'node:fs'
import { setupServer } from 'msw/node'
import { bitsMatchers, type Clock, createBitsServer, type FaultPlan } from 'msw-bits'
import { uploadBits } from '../test/support/bits-client.js'

const README = new URL('../README.md', import.meta.url)
const BASE = 'https://bits.example.test/uploads'

/** Deterministic time: each reading is 1 ms after the last; sleeping moves it on. */
function steppingClock(): Clock {
  let now = Date.UTC(2026, 0, 1)
  return {
    now: () => (now += 1),
    sleep: async (ms) => {
      now += ms
    },
  }
}

async function run(plan: FaultPlan, upload: (url: string) => Promise<unknown>) {
  const bits = createBitsServer({ baseUrl: BASE, faults: plan, clock: steppingClock() })
  const server = setupServer(...bits.handlers)
  server.listen({ onUnhandledRequest: 'error' })
  try {
    await upload(`${BASE}/crash.dmp`).catch(() => {})
  } finally {
    server.close()
  }
  return bits
}

const data = (size: number) => new Uint8Array(size).map((_, i) => i % 251)

const SAMPLES: Record<string, () => Promise<string>> = {
  // The plan of "Scripting faults", on a 10,000-byte upload in 4 KiB fragments.
  journal: async () => {
    const plan: FaultPlan = {
      name: 'fragment 503 burst, then a lost session',
      seed: 7,
      rules: [
        { name: '503 burst', packet: 'Fragment', after: 1, times: 3, respond: { status: 503 } },
        {
          name: 'lost session',
          packet: 'Close-Session',
          respond: { status: 500, error: 'BG_E_SESSION_NOT_FOUND', context: 'remote-file' },
        },
      ],
    }
    const bits = await run(plan, (url) =>
      uploadBits({ url, data: data(10_000), fragmentSize: 4096, retryDelayMs: 1 }),
    )
    return bits.journal.format()
  },
  // A client that gives up on Close-Session after one 503, and the matcher's message for it.
  matcher: async () => {
    const plan: FaultPlan = {
      rules: [{ name: 'busy', packet: 'Close-Session', respond: { status: 503 } }],
    }
    const bits = await run(plan, (url) =>
      uploadBits({ url, data: data(40_000), fragmentSize: 16_384, maxRetries: 0 }),
    )
    return bitsMatchers.toFollowBitsClientRules.call(undefined as never, bits).message()
  },
}

let readme = readFileSync(README, 'utf8')
const stale: string[] = []
for (const [name, make] of Object.entries(SAMPLES)) {
  const block = new RegExp(`(<!-- sample: ${name}\\b[^\\n]*-->\\n\`\`\`\\n)([\\s\\S]*?)(\`\`\`)`)
  if (!block.test(readme)) throw new Error(`README.md has no <!-- sample: ${name} --> block`)
  const text = `${(await make()).trimEnd()}\n`
  readme = readme.replace(block, (_whole, open: string, old: string, close: string) => {
    if (old !== text) stale.push(name)
    return `${open}${text}${close}`
  })
}
if (process.argv.includes('--check')) {
  if (stale.length > 0) {
    console.error(`README.md samples out of date (${stale.join(', ')}): npm run readme:samples`)
    process.exit(1)
  }
  console.log('readme-samples: the README samples match a fresh run')
} else {
  writeFileSync(README, readme)
  console.log(`readme-samples: ${stale.length ? `rewrote ${stale.join(', ')}` : 'up to date'}`)
}
