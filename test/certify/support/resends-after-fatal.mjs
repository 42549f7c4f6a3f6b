// The reference uploader with one rule broken: it resends after a final (4xx) answer.
// usage: node resends-after-fatal.mjs URL FILE
import { readFile } from 'node:fs/promises'
import { classify, upload } from '../../../examples/clients/reference-uploader.mjs'

const [url, file] = process.argv.slice(2)
const resending = (packet, answer) => {
  const verdict = classify(packet, answer)
  return verdict === 'fatal' ? 'transient' : verdict
}
try {
  await upload(url, await readFile(file), { classify: resending, maxRetries: 2 })
} catch (error) {
  console.error(error.message)
  process.exitCode = 1
}
