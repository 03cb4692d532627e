import assert from 'node:assert/strict'
import { createHmac } from 'node:crypto'
import { describe, test } from 'node:test'
import { signatureHeader, verifySignature } from './signature.js'

const SECRET = 'whsec_test'
const BODY = '{"id":"k1","text":"评估替代方案 🎉"}'
const AT = new Date('2026-11-20T21:47:00.900Z')
const T = 1795211220 // AT in whole seconds

describe('signatureHeader', () => {
  test('is t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">', () => {
    const v1 = createHmac('sha256', SECRET).update(`${T}.${BODY}`).digest('hex')
    assert.equal(signatureHeader(SECRET, BODY, AT), `t=${T},v1=${v1}`)
  })
})

describe('verifySignature', () => {
  const header = signatureHeader(SECRET, BODY, AT)
  const at = (seconds: number) => new Date(T * 1000 + seconds * 1000)

  test('accepts its own signature, with up to the tolerance of skew either way', () => {
    for (const skew of [0, 300, -300])
      assert.deepEqual(verifySignature(header, BODY, SECRET, at(skew)), { ok: true })
    assert.deepEqual(verifySignature(header, BODY, SECRET, at(60), 30), {
      ok: false,
      reason: 'timestamp-too-old',
    })
  })

  test('refuses a missing header', () => {
    assert.deepEqual(verifySignature(undefined, BODY, SECRET, AT), { ok: false, reason: 'missing-header' })
    assert.deepEqual(verifySignature(' ', BODY, SECRET, AT), { ok: false, reason: 'missing-header' })
  })

  test('refuses a malformed header', () => {
    const v1 = header.split(',')[1]
    for (const bad of ['garbage', `t=abc,${v1}`, v1, `t=${T}`, `t=${T},v1=zz`, `t=${T},t=${T},${v1}`]) {
      assert.deepEqual(verifySignature(bad, BODY, SECRET, AT), { ok: false, reason: 'malformed-header' }, bad)
    }
  })

  test('refuses a changed body, a wrong secret, or a re-dated signature', () => {
    const mismatch = { ok: false, reason: 'signature-mismatch' }
    assert.deepEqual(verifySignature(header, `${BODY} `, SECRET, AT), mismatch)
    assert.deepEqual(verifySignature(header, BODY, 'whsec_other', AT), mismatch)
    assert.deepEqual(verifySignature(header.replace(`t=${T}`, `t=${T + 1}`), BODY, SECRET, AT), mismatch)
  })

  test('refuses a replay (too old) and a timestamp from the future', () => {
    assert.deepEqual(verifySignature(header, BODY, SECRET, at(301)), {
      ok: false,
      reason: 'timestamp-too-old',
    })
    assert.deepEqual(verifySignature(header, BODY, SECRET, at(-301)), {
      ok: false,
      reason: 'timestamp-in-future',
    })
  })

  test('accepts any one of several v1 signatures (secret rotation) and ignores unknown schemes', () => {
    const old = signatureHeader('whsec_old', BODY, AT).split(',')[1]
    const rotated = `${header},${old},v0=legacy`
    assert.deepEqual(verifySignature(rotated, BODY, SECRET, AT), { ok: true })
    assert.deepEqual(verifySignature(rotated, BODY, 'whsec_old', AT), { ok: true })
  })
})
