/**
 * The account side's pure rules on the demo policy, with time passed in: health and its measures,
 * patterns in the ticket stream, the churn-risk scorecard and its buckets, the tier lifecycle.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { demoPolicyFiles, demoPolicyText } from '../../../examples/policy-fixture.js'
import type { CompiledPolicy } from '../policy/compile-policy.js'
import { parsePolicy } from '../policy/parse-policy.js'
import type { AccountActivity, MetricsSnapshot, TicketFact } from './activity.js'
import { bucketFor, scoreChurnRisk } from './churn-risk.js'
import { assessHealth } from './health-score.js'
import { detectPatterns } from './patterns.js'
import { distanceToNextTier, type HeldTier, stepTier } from './tier-lifecycle.js'

const parsed = parsePolicy(demoPolicyText(), 'v', demoPolicyFiles())
if (!('policy' in parsed)) throw new Error('demo policy does not compile')
const policy: CompiledPolicy = parsed.policy
const NOW = Date.parse('2026-11-20T12:00:00Z')
const daysAgo = (d: number) => new Date(NOW - d * 86_400_000).toISOString()

const snapshot = (over: Partial<MetricsSnapshot>): MetricsSnapshot => ({
  observedOn: '2026-11-19',
  logins30d: null,
  loginsPrev30d: null,
  activeSeats: null,
  licensedSeats: null,
  featuresUsed: null,
  featuresAvailable: null,
  failedPayments90d: null,
  downgradeRequested: null,
  nps: null,
  ...over,
})

let n = 0
const ticket = (over: Partial<TicketFact>): TicketFact => ({
  id: `t${++n}`,
  externalId: `T-${n}`,
  subject: `Question ${n}`,
  createdAt: daysAgo(10),
  severity: 'P3',
  status: 'solved',
  resolvedAt: null,
  csat: null,
  bodyLength: 300,
  sentiment: 0,
  churnDirect: false,
  churnIndirect: false,
  competitor: false,
  signalPhrases: [],
  breaches: 0,
  escalationLevel: 0,
  ...over,
})

const activity = (over: Partial<AccountActivity>): AccountActivity => ({
  metrics: [],
  billing: [],
  tickets: [],
  healthHistory: [],
  ...over,
})

describe('health', () => {
  test('a weighted mean of the measures with data, each contributing its share', () => {
    const h = assessHealth(
      activity({
        metrics: [
          snapshot({ logins30d: 400, loginsPrev30d: 400, activeSeats: 80, licensedSeats: 100, nps: 9 }),
        ],
        tickets: [ticket({ csat: 5, sentiment: 0.5 })],
      }),
      policy.document.health,
      NOW,
    )
    assert.ok(h.score !== null && h.score >= 85, h.text)
    const total = h.measures.reduce((s, m) => s + m.contribution, 0)
    assert.ok(Math.abs(total - (h.score ?? 0)) <= 1, `contributions ${total} vs score ${h.score}`)
    assert.equal(h.measures.find((m) => m.id === 'adoption')?.score, null)
    assert.match(h.text, /left out for lack of data: adoption/)
  })

  test('falling usage, failed payments and a downgrade request pull health down, and say so', () => {
    const h = assessHealth(
      activity({
        metrics: [
          snapshot({ logins30d: 100, loginsPrev30d: 400, failedPayments90d: 2, downgradeRequested: true }),
        ],
      }),
      policy.document.health,
      NOW,
    )
    assert.equal(h.measures.find((m) => m.id === 'usage')?.score, 0)
    assert.equal(h.measures.find((m) => m.id === 'billing')?.score, 10)
    assert.match(
      h.measures.find((m) => m.id === 'billing')?.text ?? '',
      /2 failed payments, asked to downgrade/,
    )
  })

  test('too little data gives no score rather than a flattering one', () => {
    const h = assessHealth(activity({}), policy.document.health, NOW)
    assert.equal(h.score, null)
    assert.match(h.text, /not enough data/)
  })

  test('the trend compares with the score about four weeks ago', () => {
    const h = assessHealth(
      activity({
        metrics: [snapshot({ logins30d: 100, loginsPrev30d: 400, activeSeats: 10, licensedSeats: 100 })],
        healthHistory: [
          { at: daysAgo(2), score: 40 },
          { at: daysAgo(27), score: 80 },
        ],
      }),
      policy.document.health,
      NOW,
    )
    assert.equal(h.trend?.since, daysAgo(27))
    assert.ok((h.trend?.delta ?? 0) < -30)
  })
})

describe('patterns in the ticket stream', () => {
  test('more tickets than usual, severity climbing, shorter messages, the same issue again', () => {
    const tickets = [
      ticket({ createdAt: daysAgo(1), severity: 'P1', bodyLength: 40, subject: 'Export failed again' }),
      ticket({ createdAt: daysAgo(3), severity: 'P1', bodyLength: 50 }),
      ticket({ createdAt: daysAgo(5), severity: 'P2', bodyLength: 60, subject: 'Export failed' }),
      ticket({ createdAt: daysAgo(40), severity: 'P3', bodyLength: 400 }),
      ticket({ createdAt: daysAgo(60), severity: 'P4', bodyLength: 500 }),
      ticket({ createdAt: daysAgo(80), severity: 'P3', bodyLength: 450 }),
    ]
    const kinds = detectPatterns(tickets, NOW).map((p) => p.kind)
    assert.deepEqual(kinds.sort(), [
      'frequency_rising',
      'messages_shorter',
      'repeated_issue',
      'severity_climbing',
    ])
  })

  test('a steady stream shows no pattern', () => {
    const tickets = [10, 35, 50, 70, 85].map((d) =>
      ticket({ createdAt: daysAgo(d), subject: `Topic ${d} alpha${d}` }),
    )
    assert.deepEqual(detectPatterns(tickets, NOW), [])
  })

  test('"this keeps happening" in a churn phrase is a repeated issue', () => {
    const p = detectPatterns([ticket({ signalPhrases: ['this keeps happening'], churnIndirect: true })], NOW)
    assert.equal(p[0]?.kind, 'repeated_issue')
    assert.match(p[0]?.text ?? '', /keeps happening/)
  })
})

describe('churn risk', () => {
  test('factors add up to the score, largest first, and churn language weighs heavily', () => {
    const act = activity({
      metrics: [snapshot({ logins30d: 50, loginsPrev30d: 400, nps: 3 })],
      tickets: [ticket({ churnDirect: true, signalPhrases: ['cancel our subscription'] })],
    })
    const health = assessHealth(act, policy.document.health, NOW)
    const r = scoreChurnRisk(
      { health, activity: act, patterns: [], renewalInDays: null },
      policy.document.churnRisk,
      NOW,
    )
    assert.equal(
      r.score,
      Math.min(
        100,
        r.factors.reduce((s, f) => s + f.points, 0),
      ),
    )
    assert.deepEqual(
      r.factors.map((f) => f.points),
      [...r.factors.map((f) => f.points)].sort((a, b) => b - a),
    )
    assert.ok(r.factors.some((f) => f.factor === 'churn_language' && /cancel our subscription/.test(f.text)))
    assert.equal(r.method, 'scorecard')
  })

  test('buckets follow the thresholds, and a near renewal pulls a risk into a nearer bucket', () => {
    const cfg = policy.document.churnRisk
    assert.equal(bucketFor(70, null, cfg).bucket, 'urgent')
    assert.equal(bucketFor(45, null, cfg).bucket, 'medium')
    assert.equal(bucketFor(30, null, cfg).bucket, 'early_warning')
    assert.equal(bucketFor(10, 5, cfg).bucket, null, 'no risk is no risk, renewal or not')
    const pulled = bucketFor(30, 20, cfg)
    assert.equal(pulled.bucket, 'urgent')
    assert.match(pulled.because ?? '', /renewal in 20 days/)
  })
})

describe('tier lifecycle', () => {
  const at = (iso: string) => Date.parse(iso)
  const held = (tier: string): HeldTier => ({ tier, since: '2026-01-01T00:00:00.000Z', pending: null })

  test('an upgrade applies at once; a downgrade waits for its notice; the notice period is the policy’s', () => {
    const up = stepTier(
      policy,
      held('business'),
      { tier: 'enterprise', because: 'ARR $300k' },
      at('2026-11-20T12:00:00Z'),
    )
    assert.equal(up.held.tier, 'enterprise')
    assert.equal(up.changes[0]?.kind, 'upgrade')

    const down = stepTier(
      policy,
      held('enterprise'),
      { tier: 'business', because: 'ARR $90k' },
      at('2026-11-20T12:00:00Z'),
    )
    assert.equal(down.held.tier, 'enterprise')
    assert.equal(down.held.pending?.effectiveAt, '2026-12-20T12:00:00.000Z')
    assert.equal(down.changes[0]?.kind, 'downgrade_scheduled')

    const early = stepTier(
      policy,
      down.held,
      { tier: 'business', because: 'ARR $90k' },
      at('2026-12-20T11:59:59Z'),
    )
    assert.deepEqual(early.changes, [])
    assert.equal(early.held.tier, 'enterprise')

    const due = stepTier(
      policy,
      down.held,
      { tier: 'business', because: 'ARR $90k' },
      at('2026-12-20T12:00:00Z'),
    )
    assert.equal(due.held.tier, 'business')
    assert.equal(due.held.since, '2026-12-20T12:00:00.000Z')
    assert.equal(due.changes[0]?.kind, 'downgrade')
  })

  test('falling further than announced applies what was announced and gives a new notice for the rest', () => {
    const down = stepTier(
      policy,
      held('enterprise'),
      { tier: 'business', because: 'ARR $90k' },
      at('2026-11-20T12:00:00Z'),
    )
    const due = stepTier(
      policy,
      down.held,
      { tier: 'starter', because: 'ARR $1k' },
      at('2026-12-21T00:00:00Z'),
    )
    assert.deepEqual(
      due.changes.map((c) => c.kind),
      ['downgrade', 'downgrade_scheduled'],
    )
    assert.equal(due.held.tier, 'business')
    assert.equal(due.held.pending?.tier, 'starter')
  })

  test('a partial recovery revises the announced downgrade; a full one cancels it', () => {
    const down = stepTier(
      policy,
      held('enterprise'),
      { tier: 'growth', because: 'ARR $10k' },
      at('2026-11-20T12:00:00Z'),
    )
    const revised = stepTier(
      policy,
      down.held,
      { tier: 'business', because: 'ARR $60k' },
      at('2026-11-25T12:00:00Z'),
    )
    assert.equal(revised.changes[0]?.kind, 'downgrade_revised')
    assert.equal(revised.held.pending?.tier, 'business')
    assert.equal(revised.held.pending?.effectiveAt, down.held.pending?.effectiveAt, 'the date stays')
    const back = stepTier(
      policy,
      revised.held,
      { tier: 'enterprise', because: 'ARR $300k' },
      at('2026-11-26T12:00:00Z'),
    )
    assert.equal(back.changes[0]?.kind, 'downgrade_cancelled')
    assert.equal(back.held.pending, null)
  })

  test('distance to the next tier is found for any condition that rises with ARR', () => {
    const facts = {
      known: true,
      name: 'x',
      arr: 40_000,
      currency: 'USD',
      plan: 'p',
      expansionPipeline: 0,
      tags: [],
    }
    const next = distanceToNextTier(policy, facts, 'growth')
    assert.equal(next?.tier, 'business')
    assert.equal(next?.arrGap, 10_000)
    assert.equal(distanceToNextTier(policy, { ...facts, arr: 400_000 }, 'enterprise'), null)
  })
})
