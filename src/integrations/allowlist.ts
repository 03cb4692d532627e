/**
 * @module The host allowlist: the only hosts a notification may be sent to.
 *
 * Notification targets are configured by users (a webhook URL in a policy, a Slack URL in settings),
 * so without a list Patron could be pointed at anything its network reaches (SSRF). The check is on
 * host NAMES as written, not on the addresses they resolve to: an allowlisted name that resolves to
 * an internal address is the operator's choice. Error messages name the host, never the whole URL,
 * because a Slack URL's path is its secret and SMTP URLs may carry a password.
 */
import { isIP } from 'node:net'
import { invalidField } from './delivery.js'

/**
 * Parse `url` and check it may be contacted. Only https: is allowed, and http: to loopback
 * (127.0.0.0/8, ::1, localhost) for local receivers and tests: a webhook carries a signature and
 * Slack URLs are bearer secrets, neither of which may cross a network in clear text.
 */
export function assertAllowedUrl(url: string, allowlist: readonly string[]): URL {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw invalidField('url', 'is not an absolute URL')
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw invalidField('url', `scheme ${parsed.protocol} is not allowed; use https:`)
  }
  const host = assertAllowedHost(parsed.hostname, allowlist, 'url')
  if (parsed.protocol === 'http:' && !isLoopback(host)) {
    throw invalidField(
      'url',
      `http: to ${host} would travel in clear text; use https: (http: is for loopback only)`,
    )
  }
  return parsed
}

/**
 * Check a bare host name or IP literal (`relay.example.com`, `127.0.0.1`, `::1`) against the list;
 * return it normalised (lower case, punycode, canonical IP form, no trailing dot).
 *
 * List entries are exact hosts, or `*.example.com` for any subdomain of example.com at any depth
 * (but not example.com itself, which must be listed on its own). IP literals match only an exact
 * entry. An empty list allows nothing.
 */
export function assertAllowedHost(host: string, allowlist: readonly string[], field = 'host'): string {
  const normalised = normaliseHost(host)
  if (normalised === undefined) throw invalidField(field, 'has no valid host name')
  if (!allowlist.some((entry) => matches(normalised, entry))) {
    const allowed = allowlist.length === 0 ? 'the allowlist is empty' : `allowed: ${allowlist.join(', ')}`
    throw invalidField(field, `host ${normalised} is not in the notification allowlist (${allowed})`)
  }
  return normalised
}

function matches(host: string, entry: string): boolean {
  if (entry.startsWith('*.')) {
    const suffix = normaliseHost(entry.slice(2))
    // An IP literal never matches a pattern: `*.0.1` must not admit 127.0.0.1.
    return suffix !== undefined && isIP(host) === 0 && host.endsWith(`.${suffix}`)
  }
  return normaliseHost(entry) === host
}

/** Lower case, IDNA to punycode, canonical IPv4/IPv6, without brackets or a trailing dot. */
function normaliseHost(host: string): string | undefined {
  const bare = host.trim().replace(/^\[(.*)\]$/, '$1')
  // Anything that would make the URL parser read a path, user or port is not a host.
  if (bare === '' || /[\s/\\?#@]/.test(bare) || (bare.includes(':') && isIP(bare) !== 6)) return undefined
  try {
    const hostname = new URL(`http://${isIP(bare) === 6 ? `[${bare}]` : bare}/`).hostname
    return hostname.replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '') || undefined
  } catch {
    return undefined
  }
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'))
}
