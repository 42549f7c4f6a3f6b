import { describe, expect, it } from 'vitest'
import { BITS_PROTOCOL_GUID, createBitsServer } from '../../src/index.js'
import { negotiateProtocol } from '../../src/protocol/protocol-guid.js'

const OTHER = '{11111111-2222-3333-4444-555555555555}'

describe('negotiateProtocol ([MC-BUP] §2.2.2, §3.2.5.2.4)', () => {
  it.each([
    [BITS_PROTOCOL_GUID, 'alone'],
    [BITS_PROTOCOL_GUID.toUpperCase(), 'upper-case'],
    [`${OTHER} ${BITS_PROTOCOL_GUID}`, 'space-separated, second'],
    [`${OTHER},${BITS_PROTOCOL_GUID}`, 'comma-separated'],
    [`  ${OTHER} ,\t${BITS_PROTOCOL_GUID}  `, 'mixed separators and padding'],
  ])('finds the BITS 1.5 GUID in %j (%s)', (offered) => {
    expect(negotiateProtocol(offered)).toBe(BITS_PROTOCOL_GUID)
  })

  it.each([[null], [''], [OTHER], [BITS_PROTOCOL_GUID.slice(1, -1)], [`${BITS_PROTOCOL_GUID}x`]])(
    'finds none in %j',
    (offered) => {
      expect(negotiateProtocol(offered)).toBeNull()
    },
  )

  it('reads at most 100 GUIDs, as Windows does (§2.2.2)', () => {
    const others = Array.from({ length: 100 }, () => OTHER)
    expect(negotiateProtocol([...others.slice(1), BITS_PROTOCOL_GUID].join(' '))).toBe(
      BITS_PROTOCOL_GUID,
    )
    expect(negotiateProtocol([...others, BITS_PROTOCOL_GUID].join(' '))).toBeNull()
  })
})

describe('Create-Session through bits.handle (the core, no MSW)', () => {
  const bits = createBitsServer({ baseUrl: 'https://bits.example.test/uploads' })
  const create = (offered: string) =>
    bits.handle(
      new Request('https://bits.example.test/uploads/f.bin', {
        method: 'BITS_POST',
        headers: {
          'BITS-Packet-Type': 'Create-Session',
          'BITS-Supported-Protocols': offered,
          'Content-Length': '0',
        },
      }),
    )

  it('answers the chosen GUID in BITS-Protocol, as the server spells it', async () => {
    const response = await create(`${OTHER}, ${BITS_PROTOCOL_GUID.toUpperCase()}`)
    expect(response.status).toBe(200)
    expect(response.headers.get('BITS-Protocol')).toBe(BITS_PROTOCOL_GUID)
  })

  it('none in common: 400 E_INVALIDARG with context 0x5', async () => {
    const response = await create(OTHER)
    expect(response.status).toBe(400)
    expect(response.headers.get('BITS-Error-Code')).toBe('0x80070057')
    expect(response.headers.get('BITS-Error-Context')).toBe('0x5')
  })
})
