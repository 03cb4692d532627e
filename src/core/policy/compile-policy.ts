/**
 * @module A validated policy document → the compiled form triage runs on, or the cross-field problems.
 *
 * Compiling does the work once per policy load: CEL conditions are parsed and type-checked, the
 * lexicon is tokenised and indexed, score bands are ordered. Triage then only evaluates.
 */
import { Duration, IANAZone } from 'luxon'
import type { PathedIssue } from '../field-issues.js'
import { formatDuration } from '../format.js'
import type { ChurnModel } from '../ml/churn-model.js'
import { compileLexicon, type Lexicon } from '../signals/compile-lexicon.js'
import { SEVERITIES, type Severity } from '../tickets/severity.js'
import { type CelStage, type Condition, compileCondition } from './cel.js'
import { type CompiledSla, cellCalendarId, compileSla, type PolicyFiles } from './compile-sla.js'
import { compileChurnModel, compileSentimentModel } from './model-files.js'
import type { MatrixCell, NotifyRole, PolicyDocument } from './policy-schema.js'

export interface CompiledTier {
  readonly id: string
  readonly name: string
  readonly points: number
  readonly explain: string | null
  readonly when: Condition<'tier'>
}

export interface CompiledBoost {
  readonly id: string
  readonly points: number
  readonly reason: string
  readonly when: Condition<'rule'>
}

export interface CompiledAlertRule {
  readonly id: string
  readonly notify: readonly NotifyRole[]
  readonly reason: string
  readonly when: Condition<'alert'>
}

/** A matrix cell with its SLA targets also in milliseconds (24×7 elapsed time) and in words. */
export interface CompiledCell extends MatrixCell {
  /** The calendar this cell's SLA targets count on (the cell's, else the tier's, else the policy's). */
  readonly calendar: string
  /** SLA targets in business milliseconds on that calendar. */
  readonly firstResponseMs: number
  readonly nextResponseMs: number | null
  readonly periodicUpdateMs: number | null
  readonly resolutionMs: number
  /** "1 hr", "2 days": written once here rather than on every ticket. */
  readonly firstResponseText: string
  readonly resolutionText: string
}

export interface CompiledPolicy {
  /** Content hash of the source text; every decision records the version it was made under. */
  readonly version: string
  readonly name: string
  readonly currency: string
  /** currency → value of one unit in the policy currency. */
  readonly fxRates: ReadonlyMap<string, number>
  readonly tiers: readonly CompiledTier[]
  readonly unknownCustomerTier: CompiledTier
  readonly severity: PolicyDocument['severity']
  /** Ordered by `atLeast`, highest first; the last band has `atLeast: 0`. */
  readonly levels: PolicyDocument['levels']
  readonly boosts: Omit<PolicyDocument['boosts'], 'custom'> & { readonly custom: readonly CompiledBoost[] }
  /** Matches a contact title that reads as executive ("VP", "Chief", "总监"); null when none are configured. */
  readonly executiveTitlePattern: RegExp | null
  readonly lexicon: Lexicon
  readonly matrix: ReadonlyMap<string, Readonly<Record<Severity, CompiledCell>>>
  readonly alerts: readonly CompiledAlertRule[]
  readonly sla: CompiledSla
  /** The trained churn model `churnRisk.modelFile` names; null for the built-in scorecard. */
  readonly churnModel: ChurnModel | null
  readonly document: PolicyDocument
}

/** A problem found while compiling, at a path in the document. */
export type CompileIssue = PathedIssue

function duplicates(ids: readonly string[]): string[] {
  const seen = new Set<string>()
  const twice: string[] = []
  for (const id of ids) {
    if (seen.has(id)) twice.push(id)
    seen.add(id)
  }
  return twice
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** Latin keywords match whole words ("vp" not in "mvp"); Han keywords match anywhere, having no spaces. */
function titlePattern(keywords: readonly string[]): RegExp | null {
  if (keywords.length === 0) return null
  const alternatives = keywords.map((k) =>
    /^[\p{Script=Han}]+$/u.test(k) ? escapeRegExp(k) : `(?<![\\p{L}])${escapeRegExp(k)}(?![\\p{L}])`,
  )
  return new RegExp(alternatives.join('|'), 'iu')
}

/** The account sections refer to tiers by id and order their thresholds; checked here, as one list. */
function accountSectionIssues(doc: PolicyDocument, tierIds: readonly string[]): CompileIssue[] {
  const issues: CompileIssue[] = []
  for (const dup of duplicates(doc.health.measures.map((m) => m.id)))
    issues.push({ path: ['health', 'measures'], reason: `measure '${dup}' is listed twice` })
  const { urgentAt, mediumAt, earlyWarningAt } = doc.churnRisk
  if (!(urgentAt > mediumAt && mediumAt > earlyWarningAt)) {
    issues.push({
      path: ['churnRisk'],
      reason: `thresholds must fall: urgentAt (${urgentAt}) > mediumAt (${mediumAt}) > earlyWarningAt (${earlyWarningAt})`,
    })
  }
  const knownTiers = (path: PropertyKey[], ids: readonly string[]) =>
    ids.forEach((t, i) => {
      if (!tierIds.includes(t))
        issues.push({
          path: [...path, i],
          reason: `'${t}' is not a tier; expected one of ${tierIds.join(', ')}`,
        })
    })
  if (doc.tierLifecycle.incubation)
    knownTiers(['tierLifecycle', 'incubation', 'tiers'], doc.tierLifecycle.incubation.tiers)
  const weekly = doc.reports.weeklyVip
  if (weekly) {
    knownTiers(['reports', 'weeklyVip', 'tiers'], weekly.tiers)
    if (!IANAZone.isValidZone(weekly.zone))
      issues.push({
        path: ['reports', 'weeklyVip', 'zone'],
        reason: `'${weekly.zone}' is not an IANA time zone`,
      })
  }
  return issues
}

export function compilePolicy(
  doc: PolicyDocument,
  version: string,
  files: PolicyFiles = new Map(),
): { readonly policy: CompiledPolicy } | { readonly issues: readonly CompileIssue[] } {
  const issues: CompileIssue[] = []

  function condition<S extends CelStage>(stage: S, source: string, path: PropertyKey[]): Condition<S> | null {
    const result = compileCondition(stage, source)
    if ('error' in result) {
      issues.push({ path, reason: result.error })
      return null
    }
    return result.ok
  }

  const tierIds = doc.tiers.map((t) => t.id)
  for (const dup of duplicates(tierIds))
    issues.push({ path: ['tiers'], reason: `tier id '${dup}' is defined twice` })
  const tiers: CompiledTier[] = []
  doc.tiers.forEach((t, i) => {
    const when = condition('tier', t.when, ['tiers', i, 'when'])
    if (when)
      tiers.push({ id: t.id, name: t.name ?? t.id, points: t.points, explain: t.explain ?? null, when })
  })
  const unknownCustomerTier = tiers.find((t) => t.id === doc.unknownCustomerTier)
  if (!tierIds.includes(doc.unknownCustomerTier)) {
    issues.push({
      path: ['unknownCustomerTier'],
      reason: `'${doc.unknownCustomerTier}' is not a tier; expected one of ${tierIds.join(', ')}`,
    })
  }

  for (const tierId of tierIds) {
    if (!(tierId in doc.matrix)) {
      issues.push({
        path: ['matrix'],
        reason: `tier '${tierId}' has no matrix row (it needs P1, P2, P3 and P4)`,
      })
    }
  }
  for (const key of Object.keys(doc.matrix)) {
    if (!tierIds.includes(key)) {
      issues.push({
        path: ['matrix', key],
        reason: `'${key}' is not a tier; expected one of ${tierIds.join(', ')}`,
      })
    }
  }

  const levels = doc.levels
  for (let i = 1; i < levels.length; i++) {
    if ((levels[i]?.atLeast ?? 0) >= (levels[i - 1]?.atLeast ?? 0)) {
      issues.push({
        path: ['levels', i, 'atLeast'],
        reason: 'bands must be listed from the highest score down',
      })
    }
  }
  if (levels.at(-1)?.atLeast !== 0) {
    issues.push({
      path: ['levels', levels.length - 1, 'atLeast'],
      reason: 'the last band must start at 0 so every score has a band',
    })
  }

  for (const [code, rate] of Object.entries(doc.fxRates)) {
    if (Number(rate) <= 0) issues.push({ path: ['fxRates', code], reason: 'must be greater than zero' })
  }

  for (const dup of duplicates(doc.boosts.custom.map((b) => b.id))) {
    issues.push({ path: ['boosts', 'custom'], reason: `boost id '${dup}' is defined twice` })
  }
  const custom: CompiledBoost[] = []
  doc.boosts.custom.forEach((b, i) => {
    const when = condition('rule', b.when, ['boosts', 'custom', i, 'when'])
    if (when) custom.push({ id: b.id, points: b.points, reason: b.reason, when })
  })

  for (const dup of duplicates(doc.alerts.map((a) => a.id))) {
    issues.push({ path: ['alerts'], reason: `alert id '${dup}' is defined twice` })
  }
  const alerts: CompiledAlertRule[] = []
  doc.alerts.forEach((a, i) => {
    const when = condition('alert', a.when, ['alerts', i, 'when'])
    if (when) alerts.push({ id: a.id, notify: a.notify, reason: a.reason, when })
  })

  issues.push(...accountSectionIssues(doc, tierIds))

  const sla = compileSla(doc, files)
  if ('issues' in sla) issues.push(...sla.issues)
  const sentiment = compileSentimentModel(doc, files)
  issues.push(...sentiment.issues)
  const churnModel = compileChurnModel(doc, files)
  issues.push(...churnModel.issues)
  if (issues.length > 0 || !unknownCustomerTier || 'issues' in sla) return { issues }

  const matrix = new Map<string, Record<Severity, CompiledCell>>()
  for (const tierId of tierIds) {
    const row = doc.matrix[tierId]
    if (!row) continue
    const cells = SEVERITIES.map((s): [Severity, CompiledCell] => [
      s,
      {
        ...row[s],
        calendar: cellCalendarId(doc, tierId, row[s].calendar),
        firstResponseMs: Duration.fromISO(row[s].firstResponse).toMillis(),
        nextResponseMs: row[s].nextResponse ? Duration.fromISO(row[s].nextResponse).toMillis() : null,
        periodicUpdateMs: row[s].periodicUpdate ? Duration.fromISO(row[s].periodicUpdate).toMillis() : null,
        resolutionMs: Duration.fromISO(row[s].resolution).toMillis(),
        firstResponseText: formatDuration(row[s].firstResponse),
        resolutionText: formatDuration(row[s].resolution),
      },
    ])
    matrix.set(tierId, Object.fromEntries(cells) as Record<Severity, CompiledCell>)
  }

  return {
    policy: {
      version,
      name: doc.name,
      currency: doc.currency,
      fxRates: new Map(Object.entries(doc.fxRates).map(([code, rate]) => [code, Number(rate)])),
      tiers,
      unknownCustomerTier,
      severity: doc.severity,
      levels,
      boosts: { ...doc.boosts, custom },
      executiveTitlePattern: titlePattern(doc.executives.titleKeywords),
      lexicon: compileLexicon(doc.signals, sentiment.model),
      matrix,
      alerts,
      sla: sla.sla,
      churnModel: churnModel.model ?? null,
      document: doc,
    },
  }
}
