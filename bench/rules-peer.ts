/**
 * @module The peer for the triage benchmark: the demo policy's tiers, boosts, score bands, escalation
 * matrix and alert rules, written as json-rules-engine rules.
 *
 * json-rules-engine cannot feed one rule's result into another's condition within a run, and each
 * stage here depends on the one before (the tier sets points that a boost reads; the score sets the
 * band; the band and tier pick the matrix cell), so a decision is four engine runs:
 * tier → boosts → band → matrix and alerts. The benchmark checks that every decision equals Patron's.
 */
import { Engine, type RuleProperties } from 'json-rules-engine'
import type { CompiledPolicy } from '../src/core/policy/compile-policy.js'
import { SEVERITIES, type Severity } from '../src/core/tickets/severity.js'

export interface PeerFacts {
  known: boolean
  arr: number
  strategic: boolean
  hasRenewal: boolean
  renewalInDays: number
  executive: boolean
  expansionPipeline: number
  hasHealth: boolean
  healthScore: number
  churnDirect: boolean
  churnIndirect: boolean
  competitor: boolean
  negative: boolean
  baseSeverity: Severity
  localHour: number
  localWeekday: number
}

export interface PeerDecision {
  tier: string
  score: number
  level: string
  effective: Severity
  queue: string
  agentTier: string
  alertRoles: string[]
}

const fact = (name: string, operator: string, value: unknown) => ({ fact: name, operator, value })

function engine(rules: RuleProperties[]): Engine {
  const e = new Engine([], { allowUndefinedFacts: true })
  for (const r of rules) e.addRule(r)
  return e
}

export function buildPeer(policy: CompiledPolicy): (facts: PeerFacts) => Promise<PeerDecision> {
  const tiers = engine([
    {
      priority: 4,
      conditions: { all: [fact('known', 'equal', true), fact('arr', 'greaterThanInclusive', 250000)] },
      event: { type: 'tier', params: { id: 'enterprise', points: 40 } },
    },
    {
      priority: 3,
      conditions: {
        all: [
          fact('known', 'equal', true),
          { any: [fact('arr', 'greaterThanInclusive', 50000), fact('strategic', 'equal', true)] },
        ],
      },
      event: { type: 'tier', params: { id: 'business', points: 25 } },
    },
    {
      priority: 2,
      conditions: { all: [fact('known', 'equal', true), fact('arr', 'greaterThanInclusive', 5000)] },
      event: { type: 'tier', params: { id: 'growth', points: 10 } },
    },
    { priority: 1, conditions: { all: [] }, event: { type: 'tier', params: { id: 'starter', points: 0 } } },
  ])
  const boost = (points: number, conditions: RuleProperties['conditions']): RuleProperties => ({
    conditions,
    event: { type: 'boost', params: { points } },
  })
  const boosts = engine([
    boost(15, {
      all: [
        fact('hasRenewal', 'equal', true),
        fact('renewalInDays', 'greaterThanInclusive', -60),
        fact('renewalInDays', 'lessThanInclusive', 60),
      ],
    }),
    boost(10, { all: [fact('executive', 'equal', true)] }),
    boost(5, {
      all: [fact('known', 'equal', true), fact('expansionPipeline', 'greaterThanInclusive', 50000)],
    }),
    boost(10, { all: [fact('hasHealth', 'equal', true), fact('healthScore', 'lessThan', 50)] }),
    boost(20, { all: [fact('churnDirect', 'equal', true)] }),
    boost(8, { all: [fact('churnIndirect', 'equal', true)] }),
    boost(8, { all: [fact('competitor', 'equal', true)] }),
    boost(6, { all: [fact('negative', 'equal', true)] }),
    boost(5, { all: [fact('strategic', 'equal', true)] }),
    boost(5, {
      all: [
        fact('tierPoints', 'greaterThanInclusive', 25),
        {
          any: [
            fact('localWeekday', 'greaterThanInclusive', 6),
            fact('localHour', 'greaterThanInclusive', 17),
            fact('localHour', 'lessThan', 8),
          ],
        },
      ],
    }),
  ])
  const bands = engine(
    policy.levels.map((l, i) => ({
      priority: policy.levels.length - i,
      conditions: { all: [fact('score', 'greaterThanInclusive', l.atLeast)] },
      event: { type: 'band', params: { level: l.level, severity: l.severity } },
    })),
  )
  const cells: RuleProperties[] = []
  for (const [tierId, row] of policy.matrix) {
    for (const sev of SEVERITIES) {
      const cell = row[sev]
      cells.push({
        conditions: { all: [fact('tier', 'equal', tierId), fact('effective', 'equal', sev)] },
        event: {
          type: 'cell',
          params: { queue: cell.queue, agentTier: cell.agentTier, notify: cell.notify },
        },
      })
    }
  }
  const alert = (notify: string[], conditions: RuleProperties['conditions']): RuleProperties => ({
    conditions,
    event: { type: 'alert', params: { notify } },
  })
  const routing = engine([
    ...cells,
    alert(['csm'], { all: [fact('churnDirect', 'equal', true), fact('known', 'equal', true)] }),
    alert(['csm', 'accountExecutive'], { all: [fact('executive', 'equal', true)] }),
    alert(['csm'], {
      all: [fact('tier', 'in', ['enterprise', 'business']), fact('effective', 'in', ['P1', 'P2'])],
    }),
    alert(['csm'], {
      all: [
        fact('hasRenewal', 'equal', true),
        fact('renewalInDays', 'lessThanInclusive', 60),
        { any: [fact('churnIndirect', 'equal', true), fact('negative', 'equal', true)] },
      ],
    }),
  ])
  const severityPoints = policy.severity.points
  const maxRaise = policy.severity.maxRaise

  return async (facts) => {
    const tierEvents = (await tiers.run({ ...facts })).events
    const tier = tierEvents.reduce((best, e) =>
      (e.params?.points ?? -1) > (best.params?.points ?? -1) ? e : best,
    )
    const tierId = String(tier.params?.id)
    const tierPoints = Number(tier.params?.points)
    const boostEvents = (await boosts.run({ ...facts, tierPoints })).events
    const score =
      severityPoints[facts.baseSeverity] +
      tierPoints +
      boostEvents.reduce((s, e) => s + Number(e.params?.points), 0)
    const bandEvents = (await bands.run({ score })).events
    const band = bandEvents.reduce((best, e) =>
      SEVERITIES.indexOf(e.params?.severity) < SEVERITIES.indexOf(best.params?.severity) ? e : best,
    )
    const base = SEVERITIES.indexOf(facts.baseSeverity)
    const implied = SEVERITIES.indexOf(band.params?.severity)
    // Only ever more urgent than filed, and by at most maxRaise levels.
    const effective = SEVERITIES[Math.min(base, Math.max(implied, base - maxRaise))] as Severity
    const routed = (await routing.run({ ...facts, tier: tierId, effective })).events
    const cell = routed.find((e) => e.type === 'cell')
    const roles = new Set<string>()
    for (const e of routed) for (const r of e.params?.notify ?? []) roles.add(r)
    return {
      tier: tierId,
      score,
      level: String(band.params?.level),
      effective,
      queue: String(cell?.params?.queue),
      agentTier: String(cell?.params?.agentTier),
      alertRoles: facts.known ? [...roles].sort() : [],
    }
  }
}

/**
 * The same rules in one engine run, the way json-rules-engine chains dependent rules: priority groups
 * run in order, and a rule's `onSuccess` records runtime facts that lower-priority rules read.
 * tiers (priorities 100…97, first match wins) → boosts (50) → score bands (20…17) → matrix and alerts (10).
 */
export function buildSingleRunPeer(policy: CompiledPolicy): (facts: PeerFacts) => Promise<PeerDecision> {
  const e = new Engine([], { allowUndefinedFacts: true })
  const undecided = (name: string) => fact(name, 'notEqual', true)
  const tiers: [string, number, RuleProperties['conditions']][] = [
    ['enterprise', 40, { all: [fact('known', 'equal', true), fact('arr', 'greaterThanInclusive', 250000)] }],
    [
      'business',
      25,
      {
        all: [
          fact('known', 'equal', true),
          { any: [fact('arr', 'greaterThanInclusive', 50000), fact('strategic', 'equal', true)] },
        ],
      },
    ],
    ['growth', 10, { all: [fact('known', 'equal', true), fact('arr', 'greaterThanInclusive', 5000)] }],
    ['starter', 0, { all: [] }],
  ]
  tiers.forEach(([id, points, conditions], i) => {
    e.addRule({
      priority: 100 - i,
      conditions: { all: [undecided('tierDecided'), conditions] },
      event: { type: 'tier', params: { id, points } },
      onSuccess: (_event, almanac) => {
        almanac.addRuntimeFact('tierDecided', true)
        almanac.addRuntimeFact('tier', id)
        almanac.addRuntimeFact('tierPoints', points)
      },
    })
  })
  const boosts: [string, number, RuleProperties['conditions']][] = [
    [
      'renewal',
      15,
      {
        all: [
          fact('hasRenewal', 'equal', true),
          fact('renewalInDays', 'greaterThanInclusive', -60),
          fact('renewalInDays', 'lessThanInclusive', 60),
        ],
      },
    ],
    ['executive', 10, { all: [fact('executive', 'equal', true)] }],
    [
      'expansion',
      5,
      { all: [fact('known', 'equal', true), fact('expansionPipeline', 'greaterThanInclusive', 50000)] },
    ],
    ['health', 10, { all: [fact('hasHealth', 'equal', true), fact('healthScore', 'lessThan', 50)] }],
    ['churnDirect', 20, { all: [fact('churnDirect', 'equal', true)] }],
    ['churnIndirect', 8, { all: [fact('churnIndirect', 'equal', true)] }],
    ['competitor', 8, { all: [fact('competitor', 'equal', true)] }],
    ['negative', 6, { all: [fact('negative', 'equal', true)] }],
    ['strategic', 5, { all: [fact('strategic', 'equal', true)] }],
    [
      'afterHoursVip',
      5,
      {
        all: [
          fact('tierPoints', 'greaterThanInclusive', 25),
          {
            any: [
              fact('localWeekday', 'greaterThanInclusive', 6),
              fact('localHour', 'greaterThanInclusive', 17),
              fact('localHour', 'lessThan', 8),
            ],
          },
        ],
      },
    ],
  ]
  for (const [id, points, conditions] of boosts) {
    e.addRule({
      priority: 50,
      conditions,
      event: { type: 'boost', params: { points } },
      onSuccess: (_event, almanac) => almanac.addRuntimeFact(`boost.${id}`, points),
    })
  }
  // The score is a fact computed on first use, after every boost has had its turn.
  e.addFact('score', async (_params, almanac) => {
    let score = policy.severity.points[(await almanac.factValue('baseSeverity')) as Severity]
    score += (await almanac.factValue<number>('tierPoints')) ?? 0
    for (const [id] of boosts) score += (await almanac.factValue<number | undefined>(`boost.${id}`)) ?? 0
    return score
  })
  policy.levels.forEach((band, i) => {
    e.addRule({
      priority: 20 - i,
      conditions: { all: [undecided('bandDecided'), fact('score', 'greaterThanInclusive', band.atLeast)] },
      event: { type: 'band', params: { level: band.level, severity: band.severity } },
      onSuccess: async (_event, almanac) => {
        const base = SEVERITIES.indexOf((await almanac.factValue('baseSeverity')) as Severity)
        const implied = SEVERITIES.indexOf(band.severity)
        almanac.addRuntimeFact('bandDecided', true)
        almanac.addRuntimeFact(
          'effective',
          SEVERITIES[Math.min(base, Math.max(implied, base - policy.severity.maxRaise))],
        )
      },
    })
  })
  for (const [tierId, row] of policy.matrix) {
    for (const sev of SEVERITIES) {
      const cell = row[sev]
      e.addRule({
        priority: 10,
        conditions: { all: [fact('tier', 'equal', tierId), fact('effective', 'equal', sev)] },
        event: {
          type: 'cell',
          params: { queue: cell.queue, agentTier: cell.agentTier, notify: cell.notify },
        },
      })
    }
  }
  const alert = (notify: string[], conditions: RuleProperties['conditions']) =>
    e.addRule({ priority: 10, conditions, event: { type: 'alert', params: { notify } } })
  alert(['csm'], { all: [fact('churnDirect', 'equal', true), fact('known', 'equal', true)] })
  alert(['csm', 'accountExecutive'], { all: [fact('executive', 'equal', true)] })
  alert(['csm'], {
    all: [fact('tier', 'in', ['enterprise', 'business']), fact('effective', 'in', ['P1', 'P2'])],
  })
  alert(['csm'], {
    all: [
      fact('hasRenewal', 'equal', true),
      fact('renewalInDays', 'lessThanInclusive', 60),
      { any: [fact('churnIndirect', 'equal', true), fact('negative', 'equal', true)] },
    ],
  })

  return async (facts) => {
    const { events, almanac } = await e.run({ ...facts })
    const band = events.find((x) => x.type === 'band')
    const cell = events.find((x) => x.type === 'cell')
    const roles = new Set<string>()
    for (const x of events)
      if (x.type === 'cell' || x.type === 'alert') for (const r of x.params?.notify ?? []) roles.add(r)
    return {
      tier: String(await almanac.factValue('tier')),
      score: Number(await almanac.factValue('score')),
      level: String(band?.params?.level),
      effective: (await almanac.factValue('effective')) as Severity,
      queue: String(cell?.params?.queue),
      agentTier: String(cell?.params?.agentTier),
      alertRoles: facts.known ? [...roles].sort() : [],
    }
  }
}
