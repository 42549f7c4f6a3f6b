// Fault injection from Node: start the loopback server with a plan, run the application under
// test against it (any program, any language: its upload URL is in BITS_URL), then fail unless the
// client recovered as the protocol says and every scripted fault happened.
// usage: node fault-injection.mjs PLAN.json -- COMMAND [ARGS…]
import { spawn } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { checkClientRules } from 'msw-bits'
import { startBitsServer } from 'msw-bits/node'

const [planFile, separator, command, ...args] = process.argv.slice(2)
if (!planFile || separator !== '--' || !command) {
  console.error('usage: node fault-injection.mjs PLAN.json -- COMMAND [ARGS…]')
  process.exit(2)
}
const plan = JSON.parse(await readFile(planFile, 'utf8'))
const srv = await startBitsServer({ port: 0, faults: plan, store: 'digest' })

// The application: it reads the upload URL from BITS_URL ({url} in an argument is replaced too).
const child = spawn(
  command,
  args.map((arg) => arg.replaceAll('{url}', srv.url)),
  {
    stdio: 'inherit',
    env: { ...process.env, BITS_URL: srv.url },
  },
)
const code = await new Promise((resolve) => child.on('exit', resolve))
await srv.close()

console.log(srv.bits.journal.format())
const violations = checkClientRules(srv.bits)
const pending = srv.bits.faults.pending()
for (const v of violations) console.log(`violation ${v.rule}: ${v.message}`)
for (const rule of pending) console.log(`never fired: ${rule.name}`)
for (const upload of srv.bits.uploads.list())
  console.log(`uploaded ${upload.name}: ${upload.size} bytes, sha256 ${upload.sha256}`)
process.exit(code === 0 && violations.length === 0 && pending.length === 0 ? 0 : 1)
