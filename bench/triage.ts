/**
 * Triage benchmark (`npm run bench:triage`):
 *  1. pure triage decisions/s (account facts, text analysis in English and Chinese, tier, score,
 *     band, matrix, alerts), and the rule evaluation alone against json-rules-engine running the same
 *     tiers, boosts, bands, matrix and alerts in the same process — checked decision by decision;
 *  2. HTTP ingest tickets/s and latency on PGlite and on PostgreSQL (see ingest.ts).
 *
 * Options: --tickets N (default 20000), --peer N (default 3000), --skip-http, --duration S (HTTP, default 10).
 */
import { parseArgs } from 'node:util'
import { loadPolicyFile } from '../src/app/load-policy.js'
import { DEFAULT_POLICY_PATH } from '../src/config.js'
import type { Account } from '../src/core/accounts/account.js'
import { analyzeText } from '../src/core/signals/detect-signals.js'
import type { TextAnalysis } from '../src/core/signals/signal.js'
import type { TicketInput, TriageDecision } from '../src/core/tickets/ticket.js'
import { localTime } from '../src/core/time/local-time.js'
import { accountFacts, senderFacts } from '../src/core/triage/facts.js'
import { type AccountCandidates, emailDomain, resolveAccount } from '../src/core/triage/resolve-account.js'
import { decide, gatherFacts, triage } from '../src/core/triage/triage.js'
import { runIngestBench } from './ingest.js'
import { buildPeer, buildSingleRunPeer, type PeerDecision, type PeerFacts } from './rules-peer.js'
import { fmt, median, rate, runsText } from './stats.js'
import { loadWorkload } from './workload.js'

const { values: opts } = parseArgs({
  options: {
    tickets: { type: 'string', default: '20000' },
    peer: { type: 'string', default: '3000' },
    duration: { type: 'string', default: '10' },
    'skip-http': { type: 'boolean', default: false },
  },
})
const N = Number(opts.tickets)
const PEER_N = Number(opts.peer)
const RUNS = 3

const policy = (await loadPolicyFile(DEFAULT_POLICY_PATH)).current()
const work = loadWorkload(N)

// Candidate lookup is the database's job in production; here it is an index built once.
const byEmail = new Map<string, Account[]>()
const byDomain = new Map<string, Account[]>()
for (const a of work.accounts) {
  for (const c of a.contacts) byEmail.set(c.email, [...(byEmail.get(c.email) ?? []), a])
  for (const d of a.domains) byDomain.set(d, [...(byDomain.get(d) ?? []), a])
}
const candidates: AccountCandidates[] = work.tickets.map((t) => ({
  byContact: byEmail.get(t.requester.email) ?? [],
  byDomain: byDomain.get(emailDomain(t.requester.email)) ?? [],
}))

console.log(`Patron triage benchmark — ${new Date().toISOString()}, Node ${process.version}`)
console.log(`workload: ${fmt(N)} tickets over ${work.accounts.length} accounts; ${work.textSource}`)
const chinese = work.tickets.filter((t) => /\p{Script=Han}/u.test(t.body)).length
const avgChars = work.tickets.reduce((s, t) => s + t.subject.length + t.body.length, 0) / N
console.log(
  `          ${fmt((100 * chinese) / N, 1)}% Chinese, mean ${fmt(avgChars)} characters per ticket\n`,
)

// 1a. Full pure triage, text analysis included.
let decisions: TriageDecision[] = []
const full = await rate(RUNS, N, () => {
  decisions = work.tickets.map((ticket, i) =>
    triage({ ticket, candidates: candidates[i] as AccountCandidates, policy }),
  )
})

// 1b. Text analysis alone, per language.
const analyses: TextAnalysis[] = work.tickets.map((t) =>
  analyzeText({ subject: t.subject, body: t.body }, policy.lexicon),
)
const en = work.tickets.filter((t) => !/\p{Script=Han}/u.test(t.body))
const zh = work.tickets.filter((t) => /\p{Script=Han}/u.test(t.body))
const analyseEn = await rate(RUNS, en.length, () => {
  for (const t of en) analyzeText(t, policy.lexicon)
})
const analyseZh = await rate(RUNS, zh.length, () => {
  for (const t of zh) analyzeText(t, policy.lexicon)
})

// 1c. Rules alone: deciding from facts already gathered, as the peer does.
const facts = work.tickets.map((ticket, i) =>
  gatherFacts({
    ticket,
    candidates: candidates[i] as AccountCandidates,
    policy,
    analysis: analyses[i] as TextAnalysis,
  }),
)
const rulesOnly = await rate(RUNS, N, () => {
  for (const f of facts) decide(f, policy)
})

// 1d. The peer on the same facts.
function peerFacts(ticket: TicketInput, i: number): PeerFacts {
  const account = resolveAccount(ticket.requester.email, candidates[i] as AccountCandidates, policy).value
  const local = localTime(Date.parse(ticket.createdAt), account?.timezone ?? 'UTC')
  const value = accountFacts(account, policy, local).facts
  const sender = senderFacts(ticket.requester.email, account, policy)
  const a = analyses[i] as TextAnalysis
  return {
    known: value.known,
    arr: value.arr,
    strategic: value.known && value.tags.includes('strategic'),
    hasRenewal: value.renewalInDays !== undefined,
    renewalInDays: value.renewalInDays ?? 0,
    executive: sender.facts.executive,
    expansionPipeline: value.expansionPipeline,
    hasHealth: value.healthScore !== undefined,
    healthScore: value.healthScore ?? 0,
    churnDirect: a.signals.some((s) => s.kind === 'churn.direct'),
    churnIndirect: a.signals.some((s) => s.kind === 'churn.indirect'),
    competitor: a.signals.some((s) => s.kind === 'competitor'),
    negative: a.sentiment.label === 'negative',
    baseSeverity: ticket.severity ?? a.severityHint?.severity ?? policy.severity.default,
    localHour: local.hour,
    localWeekday: local.weekday,
  }
}
const peerInputs = work.tickets.slice(0, PEER_N).map(peerFacts)
async function measurePeer(peer: (f: PeerFacts) => Promise<PeerDecision>) {
  let out: PeerDecision[] = []
  const runs = await rate(RUNS, PEER_N, async () => {
    out = []
    for (const f of peerInputs) out.push(await peer(f))
  })
  return { runs, decisions: out }
}
const staged = await measurePeer(buildPeer(policy))
const single = await measurePeer(buildSingleRunPeer(policy))
// The ratio is against the peer's best showing.
const best = median(single.runs) >= median(staged.runs) ? single : staged
const peerRuns = best.runs

let mismatches = 0
const compared = [
  ...staged.decisions.map((d, i) => [d, i] as const),
  ...single.decisions.map((d, i) => [d, i] as const),
]
compared.forEach(([p, i]) => {
  const d = decisions[i] as TriageDecision
  const ours: PeerDecision = {
    tier: d.tier.id,
    score: d.priority.score,
    level: d.priority.level,
    effective: d.severity.effective,
    queue: d.routing.queue,
    agentTier: d.routing.agentTier,
    alertRoles: d.alerts.map((a) => a.recipient.role).sort(),
  }
  if (JSON.stringify(ours) !== JSON.stringify(p)) {
    if (mismatches < 3) console.log('mismatch', JSON.stringify(ours), JSON.stringify(p))
    mismatches++
  }
})

const m = (x: number[]) => median(x)
console.log('pure triage (one process, one core)                 decisions/s (median of 3)   runs')
console.log(
  `  Patron full triage (text analysis included)       ${fmt(m(full)).padStart(12)}                 ${runsText(full)}`,
)
console.log(
  `  Patron text analysis only, English                ${fmt(m(analyseEn)).padStart(12)}                 ${runsText(analyseEn)}`,
)
console.log(
  `  Patron text analysis only, Chinese                ${fmt(m(analyseZh)).padStart(12)}                 ${runsText(analyseZh)}`,
)
console.log(
  `  Patron rules (text already read)                  ${fmt(m(rulesOnly)).padStart(12)}                 ${runsText(rulesOnly)}`,
)
console.log(
  `  json-rules-engine 7.3.1, same rules, one run      ${fmt(m(single.runs)).padStart(12)}                 ${runsText(single.runs)}`,
)
console.log(
  `  json-rules-engine 7.3.1, same rules, four runs    ${fmt(m(staged.runs)).padStart(12)}                 ${runsText(staged.runs)}`,
)
console.log(
  `  ratio Patron rules / json-rules-engine (its best) ${fmt(m(rulesOnly) / m(peerRuns), 1).padStart(12)}×`,
)
console.log(
  `  ratio Patron full triage / json-rules-engine      ${fmt(m(full) / m(peerRuns), 1).padStart(12)}×`,
)
console.log(`  decisions compared with each peer: ${fmt(PEER_N)}, mismatches: ${mismatches}\n`)
// A peer that decides differently is not running the same rules, and the ratio means nothing.
if (mismatches > 0) {
  console.error('FAILED: json-rules-engine and Patron disagree; the comparison is void')
  process.exit(1)
}

if (!opts['skip-http']) await runIngestBench(work, Number(opts.duration))
