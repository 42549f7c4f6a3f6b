#!/usr/bin/env node
import { didYouMean } from '../../shared/did-you-mean.js'
import { certify } from './certify.js'
import { ExitCode, serve } from './serve.js'
import { formatShippedPlans, packageVersion } from './shipped-plans.js'

const HELP = `Usage: msw-bits <command> [options]

Commands
  serve    a BITS upload server on 127.0.0.1 for any client (msw-bits serve --help)
  certify  grade a BITS upload client, scenario by scenario (msw-bits certify --help)
  plans    list the fault plans msw-bits ships (serve --plan NAME takes them)

  -v, --version  the msw-bits version`

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
  if (command === 'plans') {
    process.stdout.write(`${formatShippedPlans()}\n`)
    return ExitCode.OK
  }
  if (command === '--version' || command === '-v') {
    process.stdout.write(`${packageVersion()}\n`)
    return ExitCode.OK
  }
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${HELP}\n`)
    return command === undefined ? ExitCode.USAGE : ExitCode.OK
  }
  const hint = didYouMean(command, ['serve', 'certify', 'plans'])
  process.stderr.write(`msw-bits: unknown command ${JSON.stringify(command)}.${hint}\n${HELP}\n`)
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
