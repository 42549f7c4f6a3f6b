#!/usr/bin/env node
import { certify } from './certify.js'
import { ExitCode, serve } from './serve.js'

const HELP = `Usage: msw-bits <command> [options]

Commands
  serve    a BITS upload server on 127.0.0.1 for any client (msw-bits serve --help)
  certify  grade a BITS upload client, scenario by scenario (msw-bits certify --help)`

/** The `msw-bits` bin: one command today, `serve`. */
async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  if (command === 'serve') {
    const stopSignal = new Promise<string>((resolve) => {
      for (const signal of ['SIGINT', 'SIGTERM'] as const)
        process.once(signal, () => resolve(signal))
    })
    return serve(rest, { stdout: process.stdout, stderr: process.stderr, stopSignal })
  }
  if (command === 'certify')
    return certify(rest, { stdout: process.stdout, stderr: process.stderr })
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${HELP}\n`)
    return command === undefined ? ExitCode.USAGE : ExitCode.OK
  }
  process.stderr.write(`msw-bits: unknown command ${JSON.stringify(command)}\n${HELP}\n`)
  return ExitCode.USAGE
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (error) => {
    process.stderr.write(`msw-bits: ${(error as Error).stack ?? error}\n`)
    process.exitCode = 70
  },
)
