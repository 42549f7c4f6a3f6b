import { spawn } from 'node:child_process'
import type { Send } from './upload-with.js'

/** `curl -X BITS_POST` as a {@link Send}: the body goes through stdin, the head is parsed from `-i`. */
export const curlSend: Send = (url, headers, body) =>
  new Promise((resolve, reject) => {
    const args = ['-s', '-i', '-X', 'BITS_POST', url, '-H', 'Content-Type:']
    for (const [name, value] of Object.entries(headers)) {
      // curl sets Content-Length from the body itself; a bodiless packet states 0 explicitly.
      if (name !== 'Content-Length') args.push('-H', `${name}: ${value}`)
    }
    args.push(...(body ? ['--data-binary', '@-'] : ['-H', 'Content-Length: 0']))
    const curl = spawn('curl', args, { stdio: ['pipe', 'pipe', 'inherit'] })
    let out = ''
    curl.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('latin1')
    })
    curl.on('error', reject)
    curl.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`curl exited with ${code}`))
      const [statusLine, ...lines] = out.split('\r\n\r\n')[0]!.split('\r\n')
      const fields = lines.map((line) => {
        const colon = line.indexOf(':')
        return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()]
      })
      resolve({ status: Number(statusLine!.split(' ')[1]), headers: Object.fromEntries(fields) })
    })
    curl.stdin.end(body ?? undefined)
  })
