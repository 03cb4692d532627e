/**
 * @module The peer for the triage benchmark: the demo policy's tiers, boosts, score bands, escalation
 * matrix and alert rules, written as json-rules-engine rules, built two ways so the peer gets its best
 * showing:
 *
 * - four runs per decision (tier → boosts → band → matrix and alerts), each stage reading the previous
 *   stage's result as a fact;
 * - one run per decision, the engine's own way to chain dependent rules: priority groups run in order,
 *   and `onSuccess` handlers record runtime facts that lower-priority rules read.
 *
 * The rules are hand-translated from examples/policy.yaml; the benchmark checks every decision against
 * Patron's, so a translation mistake shows up as a mismatch rather than as a flattering ratio.
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

type Conditions = RuleProperties['conditions']
const fact = (name: string, operator: string, value: unknown) => ({ fact: name, operator, value })
const known = fact('known', 'equal', true)

/** Most valuable first: the first that holds is the tier. */
const TIERS: readonly [id: string, points: number, when: Conditions][] = [
  ['enterprise', 40, { all: [known, fact('arr', 'greaterThanInclusive', 250000)] }],
  [
    'business',
    25,
    { all: [known, { any: [fact('arr', 'greaterThanInclusive', 50000), fact('strategic', 'equal', true)] }] },
  ],
  ['growth', 10, { all: [known, fact('arr', 'greaterThanInclusive', 5000)] }],
  ['starter', 0, { all: [] }],
]

const BOOSTS: readonly [id: string, points: number, when: Conditions][] = [
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
  ['expansion', 5, { all: [known, fact('expansionPipeline', 'greaterThanInclusive', 50000)] }],
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

const ALERTS: readonly [notify: string[], when: Conditions][] = [
  [['csm'], { all: [fact('churnDirect', 'equal', true), known] }],
  [['csm', 'accountExecutive'], { all: [fact('executive', 'equal', true)] }],
  [['csm'], { all: [fact('tier', 'in', ['enterprise', 'business']), fact('effective', 'in', ['P1', 'P2'])] }],
  [
    ['csm'],
    {
      all: [
        fact('hasRenewal', 'equal', true),
        fact('renewalInDays', 'lessThanInclusive', 60),
        { any: [fact('churnIndirect', 'equal', true), fact('negative', 'equal', true)] },
      ],
    },
  ],
]

/** Matrix cells and alert rules: the last stage in both builds. */
function routingRules(policy: CompiledPolicy, priority?: number): RuleProperties[] {
  const rules: RuleProperties[] = []
  for (const [tierId, row] of policy.matrix) {
    for (const sev of SEVERITIES) {
      const cell = row[sev]
      rules.push({
        ...(priority ? { priority } : {}),
        conditions: { all: [fact('tier', 'equal', tierId), fact('effective', 'equal', sev)] },
        event: {
          type: 'cell',
          params: { queue: cell.queue, agentTier: cell.agentTier, notify: cell.notify },
        },
      })
    }
  }
  // The executive-contact rule: the most senior agents, and the account team told.
  const exec = policy.sla.executiveRule
  if (exec)
    rules.push({
      ...(priority ? { priority } : {}),
      conditions: { all: [fact('executive', 'equal', true), known] },
      event: {
        type: 'executive',
        params: { agentTier: exec.agentTier, notify: ['csm', 'accountExecutive'] },
      },
    })
  for (const [notify, conditions] of ALERTS) {
    rules.push({
      ...(priority ? { priority } : {}),
      conditions,
      event: { type: 'alert', params: { notify } },
    })
  }
  return rules
}

/** Only ever more urgent than filed, and by at most maxRaise levels. */
function effectiveSeverity(policy: CompiledPolicy, base: Severity, implied: Severity): Severity {
  const b = SEVERITIES.indexOf(base)
  return SEVERITIES[
    Math.min(b, Math.max(SEVERITIES.indexOf(implied), b - policy.severity.maxRaise))
  ] as Severity
}

function routed(events: { type: string; params?: Record<string, unknown> }[], isKnown: boolean) {
  const cell = events.find((x) => x.type === 'cell')
  const executive = events.find((x) => x.type === 'executive')
  const roles = new Set<string>()
  for (const x of events) for (const r of (x.params?.notify as string[] | undefined) ?? []) roles.add(r)
  return {
    queue: String(cell?.params?.queue),
    agentTier: String((executive ?? cell)?.params?.agentTier),
    alertRoles: isKnown ? [...roles].sort() : [],
  }
}

function engine(rules: RuleProperties[]): Engine {
  const e = new Engine([], { allowUndefinedFacts: true })
  for (const r of rules) e.addRule(r)
  return e
}

export function buildPeer(policy: CompiledPolicy): (facts: PeerFacts) => Promise<PeerDecision> {
  const tiers = engine(
    TIERS.map(([id, points, conditions], i) => ({
      priority: TIERS.length - i,
      conditions,
      event: { type: 'tier', params: { id, points } },
    })),
  )
  const boosts = engine(
    BOOSTS.map(([, points, conditions]) => ({ conditions, event: { type: 'boost', params: { points } } })),
  )
  const bands = engine(
    policy.levels.map((l, i) => ({
      priority: policy.levels.length - i,
      conditions: { all: [fact('score', 'greaterThanInclusive', l.atLeast)] },
      event: { type: 'band', params: { level: l.level, severity: l.severity } },
    })),
  )
  const routing = engine(routingRules(policy))

  return async (facts) => {
    // Every tier that holds fires; the most valuable (highest points) is the account's tier.
    const tierEvents = (await tiers.run({ ...facts })).events
    const tier = tierEvents.reduce((best, e) =>
      (e.params?.points ?? -1) > (best.params?.points ?? -1) ? e : best,
    )
    const tierPoints = Number(tier.params?.points)
    const boostEvents = (await boosts.run({ ...facts, tierPoints })).events
    const score =
      policy.severity.points[facts.baseSeverity] +
      tierPoints +
      boostEvents.reduce((s, e) => s + Number(e.params?.points), 0)
    const bandEvents = (await bands.run({ score })).events
    const band = bandEvents.reduce((best, e) =>
      SEVERITIES.indexOf(e.params?.severity) < SEVERITIES.indexOf(best.params?.severity) ? e : best,
    )
    const effective = effectiveSeverity(policy, facts.baseSeverity, band.params?.severity)
    const last = (await routing.run({ ...facts, tier: String(tier.params?.id), effective })).events
    return {
      tier: String(tier.params?.id),
      score,
      level: String(band.params?.level),
      effective,
      ...routed(last, facts.known),
    }
  }
}

export function buildSingleRunPeer(policy: CompiledPolicy): (facts: PeerFacts) => Promise<PeerDecision> {
  const e = new Engine([], { allowUndefinedFacts: true })
  const undecided = (name: string) => fact(name, 'notEqual', true)
  TIERS.forEach(([id, points, conditions], i) => {
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
  for (const [id, points, conditions] of BOOSTS) {
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
    for (const [id] of BOOSTS) score += (await almanac.factValue<number | undefined>(`boost.${id}`)) ?? 0
    return score
  })
  policy.levels.forEach((band, i) => {
    e.addRule({
      priority: 20 - i,
      conditions: { all: [undecided('bandDecided'), fact('score', 'greaterThanInclusive', band.atLeast)] },
      event: { type: 'band', params: { level: band.level, severity: band.severity } },
      onSuccess: async (_event, almanac) => {
        const base = (await almanac.factValue('baseSeverity')) as Severity
        almanac.addRuntimeFact('bandDecided', true)
        almanac.addRuntimeFact('effective', effectiveSeverity(policy, base, band.severity))
      },
    })
  })
  for (const rule of routingRules(policy, 10)) e.addRule(rule)

  return async (facts) => {
    const { events, almanac } = await e.run({ ...facts })
    const band = events.find((x) => x.type === 'band')
    return {
      tier: String(await almanac.factValue('tier')),
      score: Number(await almanac.factValue('score')),
      level: String(band?.params?.level),
      effective: (await almanac.factValue('effective')) as Severity,
      ...routed(events, facts.known),
    }
  }
}
