// The CLI mistakes a new user makes, each answered with the remedy (issue 19 item 5).
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { BitsUsageError, createBitsServer } from '../../src/index.js'
import { runCli } from './support.js'

const refused = async (args: string[]) => {
  const cli = runCli(args)
  expect(await cli.exited).toBe(2)
  return cli.stderr()
}

describe('msw-bits forgives', () => {
  it('a misspelt flag or command: did you mean', async () => {
    expect(await refused(['serve', '--prot', '0'])).toContain(
      'unknown flag --prot. Did you mean "--port"? See msw-bits serve --help.',
    )
    expect(await refused(['serv'])).toContain('unknown command "serv". Did you mean "serve"?')
  })

  it('--store digst: did you mean digest, and no ./digst folder made', async () => {
    const stderr = await refused(['serve', '--store', 'digst'])
    expect(stderr).toContain('Did you mean "digest"? Write ./digst to create a directory')
    expect(existsSync('digst')).toBe(false)
  })

  it('--store ./new-dir: made, with a line saying so', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'msw-bits-store-')), 'new-dir')
    const cli = runCli(['serve', '--port', '0', '--store', dir])
    await cli.waitFor(/^msw-bits listening on /m)
    cli.child.kill('SIGINT')
    expect(await cli.exited).toBe(0)
    expect(cli.stderr()).toContain(`msw-bits: --store: made the directory ${dir}.`)
    expect(existsSync(dir)).toBe(true)
    const again = runCli(['serve', '--port', '0', '--store', dir])
    await again.waitFor(/^msw-bits listening on /m)
    again.child.kill('SIGINT')
    await again.exited
    expect(again.stderr()).not.toContain('made the directory')
  })

  it('--version and plans', async () => {
    const version = runCli(['--version'])
    expect(await version.exited).toBe(0)
    expect(version.stdout().trim()).toMatch(/^\d+\.\d+\.\d+/)
    const plans = runCli(['plans'])
    expect(await plans.exited).toBe(0)
    expect(plans.stdout()).toMatch(/^ {2}fragment-503-burst +\S/m)
  })

  it('--plan NAME picks a shipped plan; a misspelt one gets did you mean', async () => {
    const cli = runCli(['serve', '--port', '0', '--plan', 'fragment-503-burst'])
    await cli.waitFor(/plan .*fixtures\/plans\/fragment-503-burst\.json/)
    cli.child.kill('SIGINT')
    await cli.exited
    expect(await refused(['serve', '--plan', 'fragment-503-brust'])).toContain(
      'Did you mean "fragment-503-burst"?',
    )
  })

  it("--plan with the README's repository path, from a project where it does not exist", async () => {
    const cli = runCli([
      'serve',
      '--port',
      '0',
      '--plan',
      'elsewhere/plans/fragment-503-burst.json',
    ])
    await cli.waitFor(/plan \/.*fixtures\/plans\/fragment-503-burst\.json/)
    cli.child.kill('SIGINT')
    expect(await cli.exited).toBe(0)
  })

  it('a misspelt rule field in a plan file: did you mean', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'msw-bits-plan-')), 'field.json')
    writeFileSync(file, JSON.stringify({ rules: [{ pakcet: 'Fragment', delayMs: 1 }] }))
    const stderr = await refused(['serve', '--plan', file])
    expect(stderr).toContain(`${file}.rules[0]`)
    expect(stderr).toContain('Unrecognized key: "pakcet". Did you mean "packet"? See the schema')
  })

  it('a bad plan file: the file, the field, did you mean, and the installed schema', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'msw-bits-plan-')), 'typo.json')
    writeFileSync(file, JSON.stringify({ rules: [{ packet: 'Fragmnet', delayMs: 1 }] }))
    const stderr = await refused(['serve', '--plan', file])
    expect(stderr).toContain(`${file}.rules[0].packet:`)
    expect(stderr).toContain('Did you mean "Fragment"? See the schema')
    expect(stderr).toContain('node_modules/msw-bits/fixtures/fault-plan.schema.json')
  })

  it('a control route that does not exist: 404 listing the routes, and did you mean', async () => {
    const cli = runCli(['serve', '--port', '0'])
    const [, control] = await cli.waitFor(/^dashboard and control API (\S+)\/; /m)
    try {
      const response = await fetch(`${control}/jurnal`)
      const body = (await response.json()) as { error: string; routes: string[] }
      expect(response.status).toBe(404)
      expect(body.error).toContain('Did you mean "/__bits/journal"? The routes: GET /__bits/')
      expect(body.routes).toContain('GET /__bits/journal')
    } finally {
      cli.child.kill('SIGINT')
      await cli.exited
    }
  })

  it('a port in use: says --port 0', async () => {
    const holder = createServer()
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve))
    const { port } = holder.address() as { port: number }
    try {
      expect(await refused(['serve', '--port', String(port)])).toContain(
        '--port 0 for any free one',
      )
    } finally {
      holder.close()
    }
  })

  it('a misspelt option name or HRESULT in process: did you mean', () => {
    const options = { baseUrl: 'https://bits.example.test/u', maxFragmentSze: 5 }
    expect(() => createBitsServer(options as never)).toThrow('Did you mean "maxFragmentSize"?')
    const bits = createBitsServer({ baseUrl: 'https://bits.example.test/u' })
    const plan = { rules: [{ respond: { status: 500, error: 'BG_E_SESSION_NOTFOUND' } }] }
    expect(() => bits.faults.use(plan as never)).toThrow(BitsUsageError)
    expect(() => bits.faults.use(plan as never)).toThrow('Did you mean "BG_E_SESSION_NOT_FOUND"?')
  })
})
