import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, test } from 'node:test'
import { demoPolicyFiles } from '../../../examples/policy-fixture.js'
import { parsePolicy } from './parse-policy.js'

const FILES = demoPolicyFiles()
const DEMO = readFileSync(new URL('../../../examples/policy.yaml', import.meta.url), 'utf8')

function issues(text: string) {
  const result = parsePolicy(text, 'v', FILES)
  assert.equal(result.ok, false, 'expected the policy to be refused')
  return result.ok ? [] : result.issues
}

/** The 1-based line of the first occurrence of `needle` in `text`. */
function lineOf(text: string, needle: string): number {
  const at = text.indexOf(needle)
  assert.ok(at >= 0, `fixture lacks ${needle}`)
  return text.slice(0, at).split('\n').length
}

describe('parsePolicy', () => {
  test('the demo policy compiles', () => {
    const result = parsePolicy(DEMO, 'sha256:x', FILES)
    assert.ok(result.ok, JSON.stringify(!result.ok && result.issues))
    assert.equal(result.policy.version, 'sha256:x')
    assert.deepEqual(
      result.policy.tiers.map((t) => t.id),
      ['enterprise', 'business', 'growth', 'starter'],
    )
    assert.equal(result.policy.matrix.get('enterprise')?.P2.firstResponseMs, 3_600_000)
  })

  test('a CEL syntax error names the tier, its line and the reason', () => {
    const text = DEMO.replace('when: account.arr >= 250000.0', 'when: account.arr >= ')
    const [issue, ...rest] = issues(text)
    assert.equal(rest.length, 0)
    assert.equal(issue?.field, 'tiers[0].when')
    assert.equal(issue?.line, lineOf(text, 'when: account.arr >= \n'))
    assert.match(issue?.reason ?? '', /^CEL syntax error/)
  })

  test('a tier condition may not read ticket signals', () => {
    const [issue] = issues(DEMO.replace('when: account.arr >= 5000.0', 'when: signals.churnDirect'))
    assert.equal(issue?.field, 'tiers[2].when')
    assert.equal(issue?.reason, "CEL: unknown variable 'signals'; tier conditions may use account")
  })

  test('a condition must be a bool', () => {
    const [issue] = issues(DEMO.replace('when: requester.executive', 'when: account.arr'))
    assert.equal(issue?.field, 'alerts[1].when')
    assert.equal(issue?.reason, 'CEL: must be a bool condition, but this expression is double')
  })

  test('a type error is caught when the policy loads', () => {
    const [issue] = issues(DEMO.replace('when: "\'strategic\' in account.tags"', 'when: account.plan > 3.0'))
    assert.equal(issue?.field, 'boosts.custom[0].when')
    assert.match(issue?.reason ?? '', /^CEL type error/)
  })

  test('whole-number facts compare with whole numbers as written', () => {
    const text = DEMO.replace(
      'when: "\'strategic\' in account.tags"',
      'when: ticket.localWeekday == 6 || tier.points == 40 || (has(account.renewalInDays) && account.renewalInDays == 30)',
    )
    const result = parsePolicy(text, 'v', FILES)
    assert.ok(result.ok, JSON.stringify(!result.ok && result.issues))
  })

  test('matches() is refused: backtracking regular expressions over ticket text can stall the server', () => {
    for (const expr of [
      'ticket.body.matches("^(a+)+$")',
      'matches(ticket.subject, "x") || true',
      'ticket.body.contains("x") && ticket.body.matches("y")',
    ]) {
      const [issue] = issues(DEMO.replace('when: "\'strategic\' in account.tags"', `when: '${expr}'`))
      assert.equal(issue?.field, 'boosts.custom[0].when', expr)
      assert.match(issue?.reason ?? '', /^CEL: matches\(\) is not allowed/, expr)
    }
    // The word inside a string is not a call.
    const ok = parsePolicy(
      DEMO.replace('when: "\'strategic\' in account.tags"', `when: 'ticket.subject == "matches(x)"'`),
      'v',
      FILES,
    )
    assert.ok(ok.ok)
  })

  test('an unknown key is named at its own line', () => {
    const text = DEMO.replace('  maxRaise: 2 ', '  maxRaise: 2\n  maxRiase: 3 ')
    const [issue] = issues(text)
    assert.equal(issue?.field, 'severity.maxRiase')
    assert.equal(issue?.reason, 'is not a known field')
    assert.equal(issue?.line, lineOf(text, 'maxRiase'))
  })

  test('bad values name their field: severity, duration, notify role, points', () => {
    const text = DEMO.replace('default: P3 ', 'default: P5 ')
      .replace('firstResponse: PT15M', 'firstResponse: 15 minutes')
      .replace('resolution: PT4H, notify: [csm, accountExecutive]', 'resolution: P1M, notify: [csm, ceo]')
      .replace('executiveSender: { points: 10 }', 'executiveSender: { points: 10.5 }')
    const found = Object.fromEntries(issues(text).map((i) => [i.field, i.reason]))
    assert.equal(found['severity.default'], 'must be one of P1, P2, P3, P4')
    assert.equal(
      found['matrix.enterprise.P1.firstResponse'],
      'must be an ISO-8601 duration such as PT30M, PT4H or P1D',
    )
    assert.equal(
      found['matrix.enterprise.P1.resolution'],
      'must use weeks, days, hours or minutes (months and years vary in length)',
    )
    assert.equal(found['matrix.enterprise.P1.notify[1]'], 'must be one of csm, accountExecutive')
    assert.equal(found['boosts.executiveSender.points'], 'must be a whole number')
  })

  test('every tier needs a full matrix row, and the matrix names only tiers', () => {
    const text = DEMO.replace('  growth:\n    P1:', '  grwoth:\n    P1:')
    const reasons = issues(text).map((i) => `${i.field}: ${i.reason}`)
    assert.ok(
      reasons.includes("matrix: tier 'growth' has no matrix row (it needs P1, P2, P3 and P4)"),
      reasons.join('\n'),
    )
    assert.ok(
      reasons.some((r) => r.startsWith("matrix.grwoth: 'grwoth' is not a tier")),
      reasons.join('\n'),
    )
  })

  test('calendar and escalation mistakes are each named at their line', () => {
    const text = DEMO.replace('zone: Asia/Shanghai', 'zone: Asia/Shanghia')
      .replace(
        'mon: [{ start: "09:00", end: "12:00" }, { start: "13:00", end: "18:00" }]',
        'mon: [{ start: "09:00", end: "12:00" }, { start: "11:00", end: "18:00" }]',
      )
      .replace('calendar: always, firstResponse: PT15M', 'calendar: alwys, firstResponse: PT15M')
      .replace('- { level: 3, after: PT2H', '- { level: 3, after: PT10M')
      .replace('  calendar: support-hours\n  # The customer', '  calendar: office\n  # The customer')
    const found = issues(text).map((i) => [i.field, i.reason, i.line])
    const expected = 'expected one of always, support-hours, shanghai-hours'
    assert.deepEqual(found, [
      ['calendars.shanghai-hours.zone', "unknown time zone 'Asia/Shanghia'", lineOf(text, 'Asia/Shanghia')],
      [
        'calendars.shanghai-hours.hours.mon[1]',
        'overlaps hours.mon[0] (09:00–12:00)',
        lineOf(text, '{ start: "11:00"'),
      ],
      ['sla.calendar', `'office' is not a calendar; ${expected}`, lineOf(text, 'calendar: office')],
      ['matrix.enterprise.P1.calendar', `'alwys' is not a calendar; ${expected}`, lineOf(text, 'alwys')],
      ['sla.escalation', 'level 3 comes before level 2 (after PT10M)', lineOf(text, '- { level: 1')],
    ])
  })

  test('a matrix row missing a severity is refused', () => {
    const text = DEMO.replace(/ {4}P4: \{ queue: self-serve.*\n/, '')
    const [issue] = issues(text)
    assert.equal(issue?.field, 'matrix.starter.P4')
    assert.equal(issue?.reason, 'is required')
  })

  test('score bands must descend and end at 0; the unknown-customer tier must exist', () => {
    const text = DEMO.replace('{ atLeast: 80, level: high', '{ atLeast: 140, level: high')
      .replace('{ atLeast: 0, level: low', '{ atLeast: 5, level: low')
      .replace('unknownCustomerTier: starter', 'unknownCustomerTier: free')
    const reasons = issues(text).map((i) => `${i.field}: ${i.reason}`)
    assert.ok(
      reasons.includes('levels[1].atLeast: bands must be listed from the highest score down'),
      reasons.join('\n'),
    )
    assert.ok(reasons.includes('levels[3].atLeast: the last band must start at 0 so every score has a band'))
    assert.ok(
      reasons.includes(
        "unknownCustomerTier: 'free' is not a tier; expected one of enterprise, business, growth, starter",
      ),
    )
  })

  test('YAML syntax errors and duplicate keys give a line', () => {
    const [syntax] = issues('name: x\ntiers: [\n')
    assert.equal(syntax?.field, '(document)')
    assert.ok((syntax?.line ?? 0) >= 2)
    const [dup] = issues(`${DEMO}\nname: again\n`)
    assert.match(dup?.reason ?? '', /^YAML: Map keys must be unique/)
  })

  test('a pathologically nested document is refused before parsing', () => {
    const [issue] = issues(`name: ${'['.repeat(200_000)}`)
    assert.equal(issue?.reason, 'nests lists or maps more than 64 levels deep')
  })

  test('duplicate ids are refused', () => {
    const text = DEMO.replace('  - id: business\n', '  - id: enterprise\n')
    const reasons = issues(text).map((i) => i.reason)
    assert.ok(reasons.includes("tier id 'enterprise' is defined twice"), reasons.join('\n'))
  })

  test('an empty document lists what is missing', () => {
    const fields = issues('').map((i) => i.field)
    for (const f of ['name', 'currency', 'tiers', 'unknownCustomerTier', 'levels', 'matrix'])
      assert.ok(fields.includes(f), f)
  })
})
