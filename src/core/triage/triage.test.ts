import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, test } from 'node:test'
import { demoPolicyFiles } from '../../../examples/policy-fixture.js'
import type { Account } from '../accounts/account.js'
import type { CompiledPolicy } from '../policy/compile-policy.js'
import { parsePolicy } from '../policy/parse-policy.js'
import type { TicketInput, TriageDecision } from '../tickets/ticket.js'
import { suggestHandling } from './handling.js'
import { emailDomain } from './resolve-account.js'
import { triage } from './triage.js'

const FILES = demoPolicyFiles()
const examples = new URL('../../../examples/', import.meta.url)
const json = (path: string) => JSON.parse(readFileSync(new URL(path, examples), 'utf8'))

function loadPolicy(text = readFileSync(new URL('policy.yaml', examples), 'utf8')): CompiledPolicy {
  const result = parsePolicy(text, 'sha256:test', FILES)
  if (!result.ok) throw new Error(JSON.stringify(result.issues))
  return result.policy
}
const policy = loadPolicy()

function account(id: string, overrides: Partial<Account> = {}): Account {
  const body = json(`accounts/${id}.json`)
  return {
    id: `id-${id}`,
    externalId: id,
    renewalDate: null,
    csm: null,
    accountExecutive: null,
    expansionPipeline: null,
    healthScore: null,
    tags: [],
    ...body,
    contacts: body.contacts.map((c: Partial<Account['contacts'][number]>) => ({
      name: null,
      title: null,
      ...c,
    })),
    ...overrides,
  }
}

function ticket(file: string, overrides: Partial<TicketInput> = {}): TicketInput {
  const t = json(`tickets/${file}.json`)
  return {
    source: 'api',
    subject: '',
    severity: null,
    ...t,
    requester: { name: null, ...t.requester },
    ...overrides,
  }
}

const ACCOUNTS = [account('acme'), account('brightpixel'), account('hangzhou-yunfan')]

function run(
  input: TicketInput,
  accounts: readonly Account[] = ACCOUNTS,
  p: CompiledPolicy = policy,
): TriageDecision {
  const email = input.requester.email.toLowerCase()
  return triage({
    ticket: input,
    candidates: {
      byContact: accounts.filter((a) => a.contacts.some((c) => c.email === email)),
      byDomain: accounts.filter((a) => a.domains.includes(emailDomain(email))),
    },
    policy: p,
  })
}

const texts = (reasons: readonly { text: string }[]) => reasons.map((r) => r.text)

describe('the Acme case: a $380k account, renewal in 45 days, VP files a P3 at 16:47 on a Friday', () => {
  const acme = run(ticket('acme-vp-billing'))
  const starter = run(ticket('brightpixel-csv-export'))

  test('Acme outranks the starter ticket filed minutes earlier', () => {
    assert.ok(
      acme.priority.score > starter.priority.score,
      `${acme.priority.score} vs ${starter.priority.score}`,
    )
  })

  test('every factor of the score is a reason with its points, in words', () => {
    const t = texts(acme.priority.reasons)
    assert.ok(t.includes('filed as P3 → +20'), t.join('\n'))
    assert.ok(t.includes('ARR $380k → enterprise tier (ARR ≥ $250k) (+40)'), t.join('\n'))
    assert.ok(t.includes('renewal in 45 days ≤ 60 → +15'), t.join('\n'))
    assert.ok(t.includes('sender is VP Operations (executive contact) → +10'), t.join('\n'))
    assert.ok(t.includes("churn phrase 'evaluating alternatives' (direct) → +20"), t.join('\n'))
    assert.ok(t.includes('expansion pipeline $120k ≥ $50k → +5'), t.join('\n'))
    assert.ok(t.includes('strategic account → +5'), t.join('\n'))
    const sum = acme.priority.reasons.reduce((s, r) => s + (r.points ?? 0), 0)
    assert.equal(sum, acme.priority.score, 'the reasons add up to the score')
    assert.equal(acme.priority.score, 115)
    assert.equal(acme.priority.level, 'high')
  })

  test('its effective severity is raised from P3 to P2, with the reason', () => {
    assert.equal(acme.severity.filed, 'P3')
    assert.equal(acme.severity.effective, 'P2')
    assert.deepEqual(texts(acme.severity.reasons), ['high priority raises P3 to P2 for routing and SLA'])
  })

  test('it is routed to the enterprise queue with enterprise P2 SLA targets from creation time', () => {
    assert.equal(acme.tier.id, 'enterprise')
    assert.equal(acme.routing.queue, 'enterprise')
    assert.equal(acme.routing.agentTier, 'senior')
    assert.equal(acme.sla.firstResponseDueAt, '2026-11-20T22:47:00.000Z')
    assert.equal(acme.sla.resolutionDueAt, '2026-11-21T05:47:00.000Z')
    assert.equal(acme.sla.firstResponse, 'PT1H')
  })

  test('the churn phrase and the executive sender are flagged as signals', () => {
    const churn = acme.signals.find((s) => s.kind === 'churn.direct')
    assert.equal(churn?.phrase, 'evaluating alternatives')
    assert.equal(churn?.field, 'body')
    const body = ticket('acme-vp-billing').body
    assert.equal(body.slice(churn!.span!.start, churn!.span!.end), churn?.matched)
    const exec = acme.signals.find((s) => s.kind === 'executive_sender')
    assert.equal(exec?.text, 'sender is VP Operations (executive contact)')
  })

  test('the CSM and the account executive are alerted, each with every reason that asked', () => {
    const csm = acme.alerts.find((a) => a.recipient.role === 'csm')
    assert.equal(csm?.recipient.email, 'jordan.ellis@patron-demo.example')
    assert.equal(csm?.deliverable, true)
    const why = texts(csm!.reasons).join('\n')
    assert.match(why, /enterprise × P2 notifies on every ticket → notify the CSM/)
    assert.match(why, /the customer used churn language → notify the CSM/)
    assert.match(why, /an executive contact wrote in \(exec rule\) → notify the CSM/)
    const ae = acme.alerts.find((a) => a.recipient.role === 'accountExecutive')
    assert.equal(ae?.recipient.name, 'Morgan Reyes')
  })

  test('the starter question keeps its P3, goes to the standard queue, and alerts nobody', () => {
    assert.equal(starter.tier.id, 'starter')
    assert.equal(starter.priority.score, 20)
    assert.equal(starter.priority.level, 'low')
    assert.equal(starter.severity.effective, 'P3')
    assert.deepEqual(texts(starter.severity.reasons), ["stays P3: value never lowers a customer's severity"])
    assert.equal(starter.routing.queue, 'standard')
    assert.deepEqual(starter.alerts, [])
    assert.deepEqual(
      starter.signals.filter((s) => s.kind.startsWith('churn')),
      [],
    )
  })

  test('triage is deterministic', () => {
    assert.deepEqual(run(ticket('acme-vp-billing')), acme)
  })
})

describe('the Chinese case', () => {
  const d = run(ticket('yunfan-churn-zh'))
  test('评估替代方案 is a direct churn signal and the sentiment is negative', () => {
    assert.equal(d.language, 'zh')
    assert.ok(
      d.signals.some((s) => s.kind === 'churn.direct' && s.phrase === '评估替代方案'),
      JSON.stringify(d.signals),
    )
    assert.ok(d.signals.some((s) => s.kind === 'churn.indirect' && s.phrase === '反复出现'))
    assert.equal(d.sentiment.label, 'negative')
    assert.ok(
      texts(d.priority.reasons).some((t) => t.startsWith("churn phrase '评估替代方案' (direct) → +20")),
    )
    assert.ok(texts(d.priority.reasons).some((t) => t.startsWith('negative sentiment')))
  })
  test('the 运营副总裁 executive contact is recognised', () => {
    assert.ok(d.signals.some((s) => s.kind === 'executive_sender' && s.phrase === '运营副总裁'))
  })
})

describe('account resolution', () => {
  test('a non-contact on the account domain is that account, but not an executive', () => {
    const d = run(ticket('acme-vp-billing', { requester: { email: 'new.hire@ACME.com', name: null } }))
    assert.equal(d.account?.externalId, 'acme')
    assert.deepEqual(texts(d.accountReasons), ['domain acme.com belongs to Acme Corp'])
    assert.equal(
      d.signals.some((s) => s.kind === 'executive_sender'),
      false,
    )
  })

  test('an unknown sender gets the unknown-customer tier and no alerts', () => {
    const d = run(ticket('acme-vp-billing', { requester: { email: 'someone@gmail.com', name: null } }))
    assert.equal(d.account, null)
    assert.equal(d.tier.id, 'starter')
    assert.deepEqual(texts(d.tier.reasons), ['requester matches no account → starter tier (+0)'])
    assert.deepEqual(d.alerts, [])
  })

  test('two accounts on one domain: the higher ARR wins and the reason says so', () => {
    const eu = account('acme', {
      id: 'id-acme-eu',
      externalId: 'acme-eu',
      name: 'Acme EU',
      arr: '90000.00',
      contacts: [],
    })
    const d = run(ticket('acme-vp-billing', { requester: { email: 'x@acme.com', name: null } }), [
      eu,
      account('acme'),
    ])
    assert.equal(d.account?.externalId, 'acme')
    assert.match(
      texts(d.accountReasons)[0] ?? '',
      /matches 2 accounts \(Acme Corp, Acme EU\); chose Acme Corp/,
    )
  })

  test('ARR is compared in the policy currency: CN¥1M (≈ $140k) does not outrank $380k', () => {
    const cn = account('acme', {
      id: 'id-acme-cn',
      externalId: 'acme-cn',
      name: 'Acme China',
      arr: '1000000.00',
      currency: 'CNY',
      contacts: [],
    })
    const d = run(ticket('acme-vp-billing', { requester: { email: 'x@acme.com', name: null } }), [
      cn,
      account('acme'),
    ])
    assert.equal(d.account?.externalId, 'acme')
  })

  test('a title that reads as executive counts even without the executive role', () => {
    const acme = account('acme')
    const withDirector = {
      ...acme,
      contacts: [
        ...acme.contacts,
        { email: 'kim@acme.com', name: 'Kim', title: 'Director of IT', role: 'user' as const },
      ],
    }
    const d = run(ticket('acme-vp-billing', { requester: { email: 'kim@acme.com', name: null } }), [
      withDirector,
    ])
    assert.ok(
      d.signals.some(
        (s) =>
          s.kind === 'executive_sender' && s.text === 'sender is Director of IT (title reads as executive)',
      ),
    )
  })
})

describe('severity', () => {
  test('a ticket without a severity that says production is down is treated as P1', () => {
    const d = run(
      ticket('brightpixel-csv-export', {
        severity: null,
        body: 'Production is down for everyone since 10:02.',
      }),
    )
    assert.equal(d.severity.filed, null)
    assert.equal(d.severity.effective, 'P1')
    assert.match(texts(d.priority.reasons)[0] ?? '', /^no severity given; '.+' reads as P1 → \+60$/)
  })

  test('without a severity or an urgency phrase the policy default applies', () => {
    const d = run(ticket('brightpixel-csv-export', { severity: null }))
    assert.equal(texts(d.priority.reasons)[0], 'no severity given; policy default P3 → +20')
  })

  test('value raises a P4 by at most maxRaise levels', () => {
    const d = run(ticket('acme-vp-billing', { severity: 'P4' }))
    // 10 + 40 + 15 + 10 + 20 + 5 + 5 = 105 → high (P2): two levels from P4, the cap in the demo policy.
    assert.equal(d.severity.effective, 'P2')
    const capped = loadPolicy(
      readFileSync(new URL('policy.yaml', examples), 'utf8').replace('maxRaise: 2', 'maxRaise: 1'),
    )
    const d1 = run(ticket('acme-vp-billing', { severity: 'P4' }), ACCOUNTS, capped)
    assert.equal(d1.severity.effective, 'P3')
    assert.match(
      texts(d1.severity.reasons)[0] ?? '',
      /raises P4 to P3 for routing and SLA \(capped at 1 level\)/,
    )
  })
})

describe('whole-number facts in CEL', () => {
  test('weekday and tier points compare as integers at run time', () => {
    const text = readFileSync(new URL('policy.yaml', examples), 'utf8').replace(
      'when: "\'strategic\' in account.tags"',
      'when: ticket.localWeekday == 5 && tier.points == 40 && account.renewalInDays == 45',
    )
    const d = run(ticket('acme-vp-billing'), ACCOUNTS, loadPolicy(text))
    assert.ok(
      texts(d.priority.reasons).includes('strategic account → +5'),
      texts(d.priority.reasons).join('\n'),
    )
  })
})

describe('value facts', () => {
  test('ARR in another currency is converted with the policy rate, and the reason shows both', () => {
    const cny = account('hangzhou-yunfan', { arr: '2000000.00', currency: 'CNY' })
    const d = run(ticket('yunfan-churn-zh'), [cny])
    assert.equal(d.tier.id, 'enterprise')
    assert.ok(
      texts(d.tier.reasons).includes('ARR CN¥2M (≈ $280k) → enterprise tier (ARR ≥ $250k) (+40)'),
      texts(d.tier.reasons).join('\n'),
    )
  })

  test('ARR in a currency without a rate counts as 0 and says why', () => {
    const chf = account('acme', { currency: 'CHF' })
    const d = run(ticket('acme-vp-billing'), [chf])
    assert.match(texts(d.tier.reasons)[0] ?? '', /ARR is in CHF and the policy has no CHF→USD rate/)
    assert.equal(d.tier.id, 'business', 'still business through its strategic tag')
  })

  test('a renewal date that passed within the window still boosts', () => {
    const lapsed = account('acme', { renewalDate: '2026-11-10' })
    const d = run(ticket('acme-vp-billing'), [lapsed])
    assert.ok(texts(d.priority.reasons).includes('renewal date passed 10 days ago (≤ 60) → +15'))
  })

  test('renewal days are counted in the account time zone', () => {
    // 2026-11-20T21:47Z is still the 20th in New York but already the 21st in Shanghai.
    const ny = run(ticket('acme-vp-billing'), [account('acme', { renewalDate: '2026-12-20' })])
    const sh = run(ticket('acme-vp-billing'), [
      account('acme', { renewalDate: '2026-12-20', timezone: 'Asia/Shanghai' }),
    ])
    assert.ok(texts(ny.priority.reasons).includes('renewal in 30 days ≤ 60 → +15'))
    assert.ok(texts(sh.priority.reasons).includes('renewal in 29 days ≤ 60 → +15'))
  })

  test('a custom condition that fails at run time is skipped, and the decision says so', () => {
    const text = readFileSync(new URL('policy.yaml', examples), 'utf8').replace(
      'when: "\'strategic\' in account.tags"',
      'when: account.healthScore < 50',
    )
    const p = loadPolicy(text)
    const d = run(ticket('acme-vp-billing'), [account('acme', { healthScore: null })], p)
    assert.ok(
      texts(d.priority.reasons).some((t) =>
        t.startsWith("boost 'strategic' skipped: its condition could not be evaluated"),
      ),
      texts(d.priority.reasons).join('\n'),
    )
  })
})

describe('the executive rule', () => {
  // The demo policy's own alert rules removed: the rule must still reach the account team.
  const bare = loadPolicy(
    readFileSync(new URL('policy.yaml', examples), 'utf8').replace(
      /\nalerts:\n(?: {2}.*\n)+/,
      '\nalerts: []\n',
    ),
  )
  const d = run(ticket('acme-vp-billing'), ACCOUNTS, bare)

  test('notifies the CSM and the account executive within five minutes, without any alert rule', () => {
    assert.deepEqual(
      d.alerts.map((a) => [a.recipient.role, a.recipient.email, a.deliverBy]),
      [
        ['csm', 'jordan.ellis@patron-demo.example', '2026-11-20T21:52:00.000Z'],
        ['accountExecutive', 'morgan.reyes@patron-demo.example', '2026-11-20T21:52:00.000Z'],
      ],
    )
    assert.ok(
      texts(d.alerts[1]!.reasons).includes(
        'sender is VP Operations (executive contact) → notify the account executive (exec rule)',
      ),
      texts(d.alerts[1]!.reasons).join('\n'),
    )
  })

  test('routes to the most senior agents and owes a follow-up within a day', () => {
    assert.equal(d.routing.agentTier, 'senior')
    assert.equal(d.followUp?.owner.email, 'jordan.ellis@patron-demo.example')
    assert.equal(d.followUp?.dueAt, '2026-11-21T21:47:00.000Z')
  })

  test('an account without an account executive keeps the alert, marked not sent', () => {
    const alone = run(ticket('acme-vp-billing'), [account('acme', { accountExecutive: null })], bare)
    const ae = alone.alerts.find((a) => a.recipient.role === 'accountExecutive')
    assert.equal(ae?.deliverable, false)
    assert.ok(texts(ae!.reasons).some((t) => /has no account executive on record/.test(t)))
  })
})

describe('suggested handling, read from the decision', () => {
  test('an executive saying they are evaluating alternatives: reassure, loop in the CSM and a lead', () => {
    const h = suggestHandling(run(ticket('acme-vp-billing')))
    assert.equal(h.tone, 'reassure')
    assert.deepEqual(
      h.loopIn.map((l) => l.role),
      ['csm', 'accountExecutive', 'teamLead'],
    )
    assert.equal(h.loopIn[0]?.email, 'jordan.ellis@patron-demo.example')
    assert.ok(h.loopIn.every((l) => l.why.length > 0))
    assert.ok(h.notes.some((n) => /executive/.test(n)))
  })

  test('the lead looped in is named when the policy names one for the queue', () => {
    const lead = { name: 'Riley Chen', email: 'riley.chen@patron-demo.example' }
    const h = suggestHandling(run(ticket('acme-vp-billing')), lead)
    assert.deepEqual(
      h.loopIn.filter((l) => l.role === 'teamLead').map((l) => [l.name, l.email]),
      [[lead.name, lead.email]],
    )
    const unnamed = suggestHandling(run(ticket('acme-vp-billing')))
    assert.equal(unnamed.loopIn.find((l) => l.role === 'teamLead')?.name, null)
  })

  test('a neutral starter question: plain answer, nobody else', () => {
    const h = suggestHandling(run(ticket('brightpixel-csv-export')))
    assert.equal(h.tone, 'standard')
    assert.deepEqual(h.loopIn, [])
  })

  test('a Chinese ticket: reply in Chinese', () => {
    const h = suggestHandling(run(ticket('yunfan-churn-zh')))
    assert.ok(h.notes.some((n) => /Chinese/.test(n)))
  })
})
