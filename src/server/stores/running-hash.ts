import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex } from '@noble/hashes/utils.js'

/** An incremental SHA-256 that can be read without ending it. */
export interface RunningHash {
  update(chunk: Uint8Array): void
  /** Lower-case hex digest of what was hashed so far; hashing can go on. */
  peek(): string
  /** A copy that goes on from here on its own (a few hundred bytes of state, no data). */
  fork(): RunningHash
}

type NodeCrypto = typeof import('node:crypto')

/**
 * node:crypto when the host is Node: native SHA-256 runs some 15× faster than @noble/hashes in
 * JavaScript, which otherwise caps a large upload below 100 MiB/s (test/bench). Reached through
 * `process.getBuiltinModule` (Node ≥ 20.16) so browser bundles never see the import; browsers get
 * @noble/hashes.
 */
const nodeCrypto = (
  globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }
).process?.getBuiltinModule?.('node:crypto') as NodeCrypto | undefined

/** A new running SHA-256: native in Node, @noble/hashes elsewhere. */
export function runningHash(): RunningHash {
  return nodeCrypto ? nativeHash(nodeCrypto) : nobleHash()
}

/** @internal exported so tests check both hosts' implementations agree. */
export function nativeHash(
  crypto: NodeCrypto,
  hash: ReturnType<NodeCrypto['createHash']> = crypto.createHash('sha256'),
): RunningHash {
  return {
    update: (chunk) => hash.update(chunk),
    peek: () => hash.copy().digest('hex'),
    fork: () => nativeHash(crypto, hash.copy()),
  }
}

/** @internal the browser's implementation. */
export function nobleHash(hash = sha256.create()): RunningHash {
  return {
    update: (chunk) => hash.update(chunk),
    peek: () => bytesToHex(hash.clone().digest()),
    fork: () => nobleHash(hash.clone()),
  }
}
