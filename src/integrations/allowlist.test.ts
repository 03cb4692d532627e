import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { UserError } from '../core/errors.js'
import { assertAllowedHost, assertAllowedUrl } from './allowlist.js'

const LIST = ['hooks.example.com', '*.acme.io', '127.0.0.1', '::1', 'localhost', 'Bücher.example']

function refusedWith(pattern: RegExp, field = 'url') {
  return (e: unknown) => {
    assert.ok(e instanceof UserError)
    assert.equal(e.issues[0]?.field, field)
    assert.match(e.message, pattern)
    return true
  }
}

describe('assertAllowedUrl', () => {
  test('allows https to a listed host, case-insensitively, and returns the parsed URL', () => {
    const url = assertAllowedUrl('https://HOOKS.Example.com./in?x=1', LIST)
    assert.equal(url.pathname, '/in')
    assert.ok(assertAllowedUrl('https://hooks.example.com:8443/', ['HOOKS.EXAMPLE.COM']))
  })

  test('a wildcard allows subdomains at any depth but not the domain itself', () => {
    assert.ok(assertAllowedUrl('https://a.acme.io/', LIST))
    assert.ok(assertAllowedUrl('https://b.a.acme.io/', LIST))
    assert.throws(() => assertAllowedUrl('https://acme.io/', LIST), refusedWith(/host acme\.io is not in/))
    assert.throws(() => assertAllowedUrl('https://evilacme.io/', LIST), refusedWith(/evilacme\.io/))
  })

  test('look-alikes and tricks do not pass', () => {
    for (const url of [
      'https://hooks.example.com.evil.net/',
      'https://hooks.example.com@evil.net/',
      'https://evil.net/#@hooks.example.com',
      'https://evil.net\\@hooks.example.com/',
    ]) {
      assert.throws(() => assertAllowedUrl(url, LIST), refusedWith(/evil\.net/), url)
    }
  })

  test('IP literals must be listed exactly; a wildcard never matches one', () => {
    assert.ok(assertAllowedUrl('http://127.0.0.1:8080/', LIST))
    assert.ok(assertAllowedUrl('http://[0:0:0:0:0:0:0:1]/', LIST))
    assert.ok(assertAllowedUrl('http://2130706433/', LIST)) // the URL parser's canonical 127.0.0.1
    assert.throws(() => assertAllowedUrl('http://127.0.0.2/', LIST), refusedWith(/127\.0\.0\.2/))
    assert.throws(() => assertAllowedUrl('https://10.0.0.1/', ['*.0.1']), refusedWith(/10\.0\.0\.1/))
  })

  test('http: only to loopback; other schemes never', () => {
    assert.ok(assertAllowedUrl('http://localhost:3000/', LIST))
    assert.ok(assertAllowedUrl('http://127.9.9.9/', ['127.9.9.9']))
    assert.throws(() => assertAllowedUrl('http://hooks.example.com/', LIST), refusedWith(/clear text/))
    assert.throws(() => assertAllowedUrl('ftp://hooks.example.com/', LIST), refusedWith(/scheme ftp:/))
    assert.throws(() => assertAllowedUrl('file:///etc/passwd', LIST), refusedWith(/scheme file:/))
  })

  test('names the host but never echoes the URL, whose path or query may be a secret', () => {
    assert.throws(
      () => assertAllowedUrl('https://evil.net/services/T0/B0/SECRET?token=SECRET', LIST),
      (e: unknown) => e instanceof Error && !e.message.includes('SECRET') && e.message.includes('evil.net'),
    )
    assert.throws(
      () => assertAllowedUrl('hooks.example.com/SECRET', LIST),
      refusedWith(/^url: is not an absolute URL$/),
    )
  })

  test('an empty allowlist allows nothing', () => {
    assert.throws(() => assertAllowedUrl('http://127.0.0.1/', []), refusedWith(/allowlist is empty/))
  })
})

describe('assertAllowedHost', () => {
  test('returns the normalised host', () => {
    assert.equal(assertAllowedHost('Relay.ACME.io.', LIST), 'relay.acme.io')
    assert.equal(assertAllowedHost('[::1]', LIST), '::1')
    assert.equal(assertAllowedHost('bücher.EXAMPLE', LIST), 'xn--bcher-kva.example')
  })

  test('refuses unlisted hosts and anything that is not a bare host, naming the field', () => {
    assert.throws(
      () => assertAllowedHost('smtp.evil.net', LIST, 'smtp.url'),
      refusedWith(/smtp\.evil\.net/, 'smtp.url'),
    )
    for (const bad of ['', 'hooks.example.com:25', 'hooks.example.com/x', 'u@hooks.example.com']) {
      assert.throws(() => assertAllowedHost(bad, LIST), refusedWith(/no valid host name/, 'host'), bad)
    }
  })
})
