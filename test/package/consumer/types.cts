// The types as a CommonJS consumer sees them: `require` resolves the .d.cts declarations.
import bitsModule = require('msw-bits')

const bits = bitsModule.createBitsServer({ baseUrl: 'https://bits.example.test/uploads' })
const count: number = bits.journal.count({ packet: 'Fragment' })
export = count
