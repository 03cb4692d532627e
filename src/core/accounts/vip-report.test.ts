import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { Account } from './account.js'
import type { AccountAssessment } from './assess-account.js'
import type { RiskBucket, RiskFactor } from './churn-risk.js'
import { composeVipReport, reportFor, type VipReportInput } from './vip-report.js'
import { renderVipReportHtml, renderVipReportText, vipReportSubject } from './vip-report-render.js'

const NOW = Date.parse('2026-11-23T13:00:00.000Z')
const TIERS = [
  { id: 'enterprise', name: 'Enterprise' },
  { id: 'business', name: 'Business' },
]
const OPTIONS = { tiers: TIERS, nowMs: NOW, zone: 'America/New_York' }
const JORDAN = { name: 'Jordan Ellis', email: 'jordan.ellis@vendor.example' }
const ALEX = { name: 'Alex Kim', email: 'alex.kim@vendor.example' }

function makeAccount(id: string, over: Partial<Account> = {}): Account {
  return {
    id: `id-${id}`,
    externalId: id,
    name: `Account ${id}`,
    arr: '100000.00',
    currency: 'USD',
    plan: 'Enterprise',
    renewalDate: null,
    timezone: 'America/New_York',
    domains: [],
    csm: JORDAN,
    accountExecutive: null,
    contacts: [],
    expansionPipeline: null,
    healthScore: null,
    tags: [],
    heldTier: { tier: 'enterprise', since: '2026-01-01T00:00:00.000Z', pending: null },
    ...over,
  }
}

function makeAssessment(
  over: { health?: number | null; risk?: number; bucket?: RiskBucket | null; factors?: RiskFactor[] } = {},
): AccountAssessment {
  return {
    at: '2026-11-23T06:00:00.000Z',
    health: {
      score: over.health === undefined ? 70 : over.health,
      measures: [],
      trend: null,
      text: 'health',
    },
    patterns: [],
    risk: {
      score: over.risk ?? 10,
      bucket: over.bucket ?? null,
      method: 'scorecard',
      factors: over.factors ?? [],
      text: 'risk',
    },
    target: { tier: 'enterprise', because: 'ARR $100k' },
    nextTier: null,
    incubation: null,
    renewalInDays: null,
  }
}

function input(
  account: Account,
  assessment: AccountAssessment | null = makeAssessment(),
  more: Partial<VipReportInput> = {},
): VipReportInput {
  return { account, assessment, openEscalations: 0, healthHistory: [], ...more }
}

describe('grouping and order', () => {
  const report = composeVipReport(
    [
      input(makeAccount('quiet-big', { arr: '900000.00' })),
      input(makeAccount('medium', { arr: '50000.00' }), makeAssessment({ risk: 45, bucket: 'medium' })),
      input(makeAccount('urgent-small', { arr: '99999.99' }), makeAssessment({ risk: 80, bucket: 'urgent' })),
      input(
        makeAccount('urgent-large', { arr: '100000.00' }),
        makeAssessment({ risk: 70, bucket: 'urgent' }),
      ),
      input(makeAccount('orphan', { csm: null })),
      input(makeAccount('alex-1', { csm: ALEX })),
      // The same CSM written with capitals is the same person.
      input(makeAccount('shouting', { csm: { name: 'Jordan Ellis', email: 'Jordan.Ellis@Vendor.example' } })),
    ],
    OPTIONS,
  )

  test('one group per CSM, by name; the accounts without a CSM last', () => {
    assert.deepEqual(
      report.groups.map((g) => g.csm?.email ?? null),
      ['alex.kim@vendor.example', 'jordan.ellis@vendor.example', null],
    )
    assert.deepEqual(
      report.groups.map((g) => g.accounts.length),
      [1, 5, 1],
    )
  })

  test('urgent first, then medium, then no bucket; within a bucket the larger ARR, compared exactly', () => {
    assert.deepEqual(
      report.groups[1]?.accounts.map((r) => r.externalId),
      ['urgent-large', 'urgent-small', 'medium', 'quiet-big', 'shouting'],
    )
  })

  test('summaries count buckets per group and overall; the week is counted in the report zone', () => {
    assert.deepEqual(report.groups[1]?.summary, {
      accounts: 5,
      urgent: 2,
      medium: 1,
      earlyWarning: 0,
      openEscalations: 0,
      renewingIn90Days: 0,
    })
    assert.equal(report.summary.accounts, 7)
    assert.equal(report.week, '2026-W48')
    assert.equal(report.generatedAt, '2026-11-23T13:00:00.000Z')
  })

  test('reportFor cuts the report down to one CSM', () => {
    const one = reportFor(report, report.groups[0]!)
    assert.equal(one.groups.length, 1)
    assert.equal(one.summary.accounts, 1)
    assert.equal(vipReportSubject(one), '[Patron] Weekly VIP health, 2026-W48: 1 account')
    assert.equal(vipReportSubject(report), '[Patron] Weekly VIP health, 2026-W48: 7 accounts, 2 urgent')
  })
})

describe('a row', () => {
  const factors: RiskFactor[] = [
    { factor: 'churn_language', points: 25, text: 'churn language in 1 ticket' },
    { factor: 'usage', points: 15, text: 'logins down 40%' },
    { factor: 'billing', points: 10, text: '1 failed payment' },
    { factor: 'repeated_issue', points: 5, text: 'the same issue three times' },
  ]
  const account = makeAccount('acme', {
    name: 'Acme Corp',
    arr: '380000.00',
    // 42 days from Monday 2026-11-23 in New York.
    renewalDate: '2027-01-04',
    heldTier: {
      tier: 'enterprise',
      since: '2026-01-01T00:00:00.000Z',
      pending: {
        tier: 'business',
        noticeAt: '2026-11-20T00:00:00.000Z',
        effectiveAt: '2026-12-20T05:00:00.000Z',
        reasons: [],
      },
    },
  })
  const history = [
    { at: '2026-11-23T06:00:00.000Z', score: 48 },
    { at: '2026-11-15T06:00:00.000Z', score: 51 },
    { at: '2026-11-01T06:00:00.000Z', score: 58 },
    { at: '2026-10-25T06:00:00.000Z', score: 62 },
  ]
  const row = composeVipReport(
    [
      input(account, makeAssessment({ health: 48, risk: 55, bucket: 'medium', factors }), {
        openEscalations: 2,
        healthHistory: history,
      }),
    ],
    OPTIONS,
  ).groups[0]!.accounts[0]!

  test('health: the score, the change over four weeks, and one point per week (none recorded is null)', () => {
    assert.equal(row.health.score, 48)
    assert.deepEqual(row.health.trend, { delta: -10, since: '2026-11-01T06:00:00.000Z' })
    // Marks: 10-26, 11-02, 11-09, 11-16, now.
    assert.deepEqual(row.health.weekly, [62, 58, 58, 51, 48])
  })

  test('risk: score, bucket with its name, the three largest factors', () => {
    assert.equal(row.risk.bucketName, 'medium (≤ 60 days)')
    assert.deepEqual(
      row.risk.factors.map((f) => f.factor),
      ['churn_language', 'usage', 'billing'],
    )
  })

  test('renewal in days on the account calendar, the pending downgrade, and the tier by name', () => {
    assert.deepEqual(row.renewal, { date: '2027-01-04', inDays: 42 })
    assert.deepEqual(row.pendingDowngrade, {
      tier: 'business',
      tierName: 'Business',
      effectiveAt: '2026-12-20T05:00:00.000Z',
    })
    assert.deepEqual(row.tier, { id: 'enterprise', name: 'Enterprise' })
    assert.equal(row.arrText, '$380k')
  })

  test('actions come from recommendActions, with escalations, the renewal as of today and the downgrade', () => {
    assert.deepEqual(row.actions, [
      'Read the tickets that mention leaving or a competitor, and reply with a value review',
      'Follow the 2 open escalations to closure and tell the customer where each stands',
      'Hold an executive business review before the renewal in 42 days',
      'Run an adoption session: usage is falling',
      // Actions read every factor, not only the three shown.
      'Take the repeated issue to engineering with the ticket history',
      'Clear the failed payments with finance before they become a suspension',
      'Tier changes to business on 2026-12-20: agree what that means for their SLAs',
    ])
  })

  test('an account never assessed says so instead of guessing', () => {
    const bare = composeVipReport([input(makeAccount('new'), null)], OPTIONS).groups[0]!.accounts[0]!
    assert.equal(bare.health.score, null)
    assert.equal(bare.risk.score, null)
    assert.match(bare.actions[0] ?? '', /^Not assessed yet/)
    assert.match(
      renderVipReportText(composeVipReport([input(makeAccount('new'), null)], OPTIONS)),
      /Churn risk: not assessed/,
    )
  })
})

describe('rendering', () => {
  const hostile = '<script>alert("pwned")</script> & Co'
  const report = composeVipReport(
    [
      input(
        makeAccount('evil', { name: hostile, renewalDate: '2026-12-01' }),
        makeAssessment({
          risk: 80,
          bucket: 'urgent',
          factors: [
            { factor: 'churn_language', points: 25, text: 'said "<img src=x onerror=alert(1)>" in a ticket' },
          ],
        }),
        { openEscalations: 1 },
      ),
      input(makeAccount('calm', { name: 'Calm Ltd', csm: null })),
    ],
    OPTIONS,
  )
  const page = renderVipReportHtml(report)

  test('HTML: a script in an account name and markup in a factor come out as text', () => {
    assert.ok(!page.includes('<script'), 'no script element')
    assert.ok(!page.includes('<img'), 'no img element')
    assert.ok(page.includes('&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt; &amp; Co'))
    assert.ok(page.includes('said &quot;&lt;img src=x onerror=alert(1)&gt;&quot; in a ticket (+25)'))
  })

  test('HTML: a complete document with a section per CSM, the accounts and their actions', () => {
    assert.match(page, /^<!doctype html>/)
    assert.match(page, /<title>Weekly VIP health report, 2026-W48 \(Enterprise, Business\)<\/title>/)
    assert.match(page, /<h2[^>]*>Jordan Ellis &lt;jordan\.ellis@vendor\.example&gt;<\/h2>/)
    assert.match(page, /<h2[^>]*>Unassigned \(no CSM\)<\/h2>/)
    assert.match(page, /<strong>Calm Ltd<\/strong>/)
    assert.match(
      page,
      /<li>Follow the 1 open escalation to closure and tell the customer where each stands<\/li>/,
    )
    assert.match(page, /2026-12-01, in 8 days/)
  })

  test('text: the same facts, line by line', () => {
    const text = renderVipReportText(report)
    assert.match(text, /^Weekly VIP health report, 2026-W48 \(Enterprise, Business\)\n/)
    assert.match(
      text,
      /== Jordan Ellis <jordan\.ellis@vendor\.example> ==\n1 account: 1 urgent, 0 medium, 0 early warning; 1 open escalation; 1 renewing within 90 days/,
    )
    assert.match(text, /1\. <script>alert\("pwned"\)<\/script> & Co \(evil\): Enterprise, \$100k ARR/)
    assert.match(text, /Churn risk: 80\/100, urgent \(≤ 30 days\)\n {5}• said .* \(\+25\)/)
    assert.match(text, /Renewal: 2026-12-01, in 8 days/)
    assert.match(text, / {5}1\. Call the executive sponsor this week/)
    assert.match(text, /== Unassigned \(no CSM\) ==/)
  })

  test('an empty report says so', () => {
    const empty = composeVipReport([], OPTIONS)
    assert.deepEqual(empty.groups, [])
    assert.match(renderVipReportText(empty), /No accounts in these tiers\./)
    assert.match(renderVipReportHtml(empty), /<p>No accounts in these tiers\.<\/p>/)
  })
})
