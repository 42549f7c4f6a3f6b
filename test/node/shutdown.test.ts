// close() must settle even when nothing else keeps Node running: a connection the server stopped
// reading (a stall) holds no active handle, so a close that waits only on unref'd timers would
// let the process exit first, skipping whatever follows `await srv.close()` (the CLI's summary,
// the directory store's cleanup).
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'
import { rawConnect } from './support/raw-http.js'

const CHILD = fileURLToPath(new URL('./support/stalled-shutdown.ts', import.meta.url))
const MiB = 1024 * 1024

it('close() settles while a stalled connection is open in a process with nothing else to do', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    stdio: ['pipe', 'pipe', 'inherit'],
  })
  let out = ''
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve))
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const line = out.split('\n')[0]
      if (out.includes('\n') && line) resolve(line)
    })
    exited.then(() => reject(new Error(`exited early: ${out}`)))
  })
  const connection = await rawConnect(url)
  try {
    // A Fragment of 4 MiB the server never reads past its first socket buffer: it is paused.
    const { host, pathname } = new URL(url)
    connection.socket.write(
      `BITS_POST ${pathname}/stalled.bin HTTP/1.1\r\nHost: ${host}\r\n` +
        'BITS-Packet-Type: Fragment\r\nBITS-Session-Id: {00000000-0000-0000-0000-000000000001}\r\n' +
        `Content-Range: bytes 0-${4 * MiB - 1}/${4 * MiB}\r\nContent-Length: ${4 * MiB}\r\n\r\n`,
    )
    connection.socket.write(Buffer.alloc(4 * MiB))
    await new Promise((resolve) => setTimeout(resolve, 200))
    child.stdin.write('close\n')
    expect(await exited).toBe(0)
    expect(out).toMatch(/\nclosed\n$/)
  } finally {
    connection.socket.destroy()
    child.kill()
  }
})
