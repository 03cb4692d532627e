/**
 * @module CEL conditions: compiled and type-checked once at policy load, evaluated per ticket.
 *
 * Each stage of triage sees a different set of variables, so a condition can only use facts that
 * exist when it runs: a tier is a property of the account (it cannot depend on the ticket's words),
 * while boosts and alerts see everything. An expression that names a variable its stage lacks, or
 * that is not a bool, is refused when the policy loads, not when the first ticket arrives.
 *
 * Optional facts (`account.renewalInDays`, `account.healthScore`) are absent rather than null: write
 * `has(account.healthScore) && account.healthScore < 50`. A condition that fails at run time (for
 * example it reads an absent fact without `has`) counts as not matched, and the decision says so.
 */
import { Environment } from '@marcbachmann/cel-js'

export const CEL_STAGES = ['tier', 'rule', 'alert'] as const
export type CelStage = (typeof CEL_STAGES)[number]

/** Facts about the account. Money is in the policy currency, as a number for comparison only. */
export interface AccountFacts {
  readonly known: boolean
  readonly name: string
  readonly arr: number
  readonly currency: string
  readonly plan: string
  readonly renewalInDays?: number
  readonly healthScore?: number
  readonly expansionPipeline: number
  readonly tags: readonly string[]
}

export interface TicketFacts {
  readonly channel: string
  /** As filed, or inferred/defaulted when the ticket arrived without one. */
  readonly severity: string
  readonly subject: string
  readonly body: string
  readonly language: string
  /** Hour 0–23 and ISO weekday 1 (Mon)–7 (Sun) in the account's time zone (UTC when unknown). */
  readonly localHour: number
  readonly localWeekday: number
}

export interface RequesterFacts {
  readonly email: string
  readonly domain: string
  readonly knownContact: boolean
  readonly role: string
  readonly title: string
  readonly executive: boolean
}

export interface SignalFacts {
  readonly churnDirect: boolean
  readonly churnIndirect: boolean
  readonly competitor: boolean
  readonly sentiment: number
  readonly negative: boolean
  readonly positive: boolean
  readonly phrases: readonly string[]
}

export interface TierFacts {
  readonly id: string
  readonly points: number
}

export interface OutcomeFacts {
  readonly severity: { readonly filed: string; readonly effective: string }
  readonly priority: { readonly score: number; readonly level: string }
}

export interface TierActivation {
  readonly account: AccountFacts
}
export interface RuleActivation extends TierActivation {
  readonly ticket: TicketFacts
  readonly requester: RequesterFacts
  readonly signals: SignalFacts
  readonly tier: TierFacts
}
export type AlertActivation = RuleActivation & OutcomeFacts

const ACCOUNT = {
  known: 'bool',
  name: 'string',
  arr: 'double',
  currency: 'string',
  plan: 'string',
  renewalInDays: 'int',
  healthScore: 'int',
  expansionPipeline: 'double',
  tags: 'list<string>',
}
const TICKET = {
  channel: 'string',
  severity: 'string',
  subject: 'string',
  body: 'string',
  language: 'string',
  localHour: 'int',
  localWeekday: 'int',
}
const REQUESTER = {
  email: 'string',
  domain: 'string',
  knownContact: 'bool',
  role: 'string',
  title: 'string',
  executive: 'bool',
}
export const STAGE_VARIABLES: Record<CelStage, readonly Variable[]> = {
  tier: ['account'],
  rule: ['account', 'ticket', 'requester', 'signals', 'tier'],
  alert: ['account', 'ticket', 'requester', 'signals', 'tier', 'severity', 'priority'],
}

const SIGNALS = {
  churnDirect: 'bool',
  churnIndirect: 'bool',
  competitor: 'bool',
  sentiment: 'double',
  negative: 'bool',
  positive: 'bool',
  phrases: 'list<string>',
}
const TIER = { id: 'string', points: 'int' }

const SEVERITY = { filed: 'string', effective: 'string' }
const PRIORITY = { score: 'int', level: 'string' }

// Limits keep a hostile or careless policy from building a pathological expression.
const LIMITS = {
  maxAstNodes: 400,
  maxDepth: 40,
  maxListElements: 200,
  maxMapEntries: 50,
  maxCallArguments: 8,
}

type FactsClass = new (values: object) => object

/**
 * Whole-number facts are CEL `int`s, so `ticket.localWeekday == 6` and `tier.points == 40` hold as
 * written (CEL has no `double == int`). cel-js represents an int as a BigInt.
 */
function factsClass(fields: Readonly<Record<string, string>>): FactsClass {
  const ints = Object.keys(fields).filter((k) => fields[k] === 'int')
  return class {
    constructor(values: object) {
      Object.assign(this, values)
      const self = this as Record<string, unknown>
      for (const k of ints) if (typeof self[k] === 'number') self[k] = BigInt(self[k] as number)
    }
  }
}

/**
 * Variables are registered as constructor types rather than schemas: cel-js converts a schema-typed
 * value on every evaluation, a constructor-typed one not at all (measured: 2.6 → 1.1 µs for a
 * ticket's alert rules). Field names and types are still checked when the policy compiles.
 */
const VARIABLES = {
  account: { fields: ACCOUNT, ctor: factsClass(ACCOUNT) },
  ticket: { fields: TICKET, ctor: factsClass(TICKET) },
  requester: { fields: REQUESTER, ctor: factsClass(REQUESTER) },
  signals: { fields: SIGNALS, ctor: factsClass(SIGNALS) },
  tier: { fields: TIER, ctor: factsClass(TIER) },
  severity: { fields: SEVERITY, ctor: factsClass(SEVERITY) },
  priority: { fields: PRIORITY, ctor: factsClass(PRIORITY) },
} as const
type Variable = keyof typeof VARIABLES

function environment(stage: CelStage): Environment {
  const env = new Environment({ limits: LIMITS })
  for (const name of STAGE_VARIABLES[stage]) {
    const { fields, ctor } = VARIABLES[name]
    const type = `${name[0]?.toUpperCase()}${name.slice(1)}Facts`
    env.registerType(type, { ctor, fields }).registerVariable(name, type)
  }
  return env
}

const ENVIRONMENTS: Record<CelStage, Environment> = {
  tier: environment('tier'),
  rule: environment('rule'),
  alert: environment('alert'),
}

type Activation<S extends CelStage> = S extends 'tier'
  ? TierActivation
  : S extends 'rule'
    ? RuleActivation
    : AlertActivation

declare const contextBrand: unique symbol
/** A stage's facts in the form conditions read: built once per ticket with `celContext`. */
export type CelContext<S extends CelStage> = { readonly [contextBrand]: S }

export function celContext<S extends CelStage>(stage: S, facts: Activation<S>): CelContext<S> {
  const context: Record<string, object> = {}
  for (const name of STAGE_VARIABLES[stage]) {
    context[name] = new VARIABLES[name].ctor((facts as unknown as Record<Variable, object>)[name])
  }
  return context as unknown as CelContext<S>
}

/** The alert stage sees the rule stage's facts plus the outcome: reuse what is already prepared. */
export function extendToAlertContext(rule: CelContext<'rule'>, outcome: OutcomeFacts): CelContext<'alert'> {
  return {
    ...(rule as unknown as Record<string, object>),
    severity: new VARIABLES.severity.ctor(outcome.severity),
    priority: new VARIABLES.priority.ctor(outcome.priority),
  } as unknown as CelContext<'alert'>
}

export interface Condition<S extends CelStage> {
  readonly source: string
  readonly stage: S
  /** `{ matched }`, or `{ error }` when evaluation failed (counted as not matched by callers). */
  evaluate(context: CelContext<S>): { readonly matched: boolean; readonly error?: string }
}

/** The first line of a cel-js message, without its caret diagram. */
function firstLine(message: string): string {
  return message.split('\n')[0]?.trim() ?? message
}

/** " at character 24" (1-based, within the expression) when cel-js knows where the problem is. */
function where(error: unknown): string {
  const pos = (error as { node?: { pos?: unknown } } | undefined)?.node?.pos
  return typeof pos === 'number' ? ` at character ${pos + 1}` : ''
}

/**
 * Functions a policy may not call. `matches` runs the platform's backtracking regular expressions (CEL
 * specifies RE2, which cannot backtrack) over untrusted ticket text: `body.matches("^(a+)+$")` took
 * half a second on a 28-character body and doubles with each character, stalling every request.
 */
const REFUSED_FUNCTIONS: Readonly<Record<string, string>> = {
  matches:
    'matches() is not allowed: its regular expressions can stall the server on hostile ticket text; ' +
    'use contains(), startsWith(), endsWith(), or a phrase in the policy lexicon (signals.phrases)',
}

/** The first refused function called anywhere in a cel-js AST. */
function refusedCall(node: unknown): string | null {
  if (Array.isArray(node)) {
    for (const child of node) {
      const found = refusedCall(child)
      if (found) return found
    }
    return null
  }
  if (node === null || typeof node !== 'object') return null
  const { op, args } = node as { op?: unknown; args?: unknown }
  if (
    (op === 'call' || op === 'rcall') &&
    Array.isArray(args) &&
    typeof args[0] === 'string' &&
    args[0] in REFUSED_FUNCTIONS
  ) {
    return args[0]
  }
  return refusedCall(args)
}

export function compileCondition<S extends CelStage>(
  stage: S,
  source: string,
): { readonly ok: Condition<S> } | { readonly error: string } {
  const env = ENVIRONMENTS[stage]
  let program: ReturnType<Environment['parse']>
  try {
    program = env.parse(source)
  } catch (e) {
    return { error: `CEL syntax error${where(e)}: ${firstLine((e as Error).message)}` }
  }
  const refused = refusedCall(program.ast)
  if (refused) return { error: `CEL: ${REFUSED_FUNCTIONS[refused]}` }
  const check = program.check()
  if (!check.valid) {
    const message = firstLine(check.error?.message ?? 'does not type-check')
    const unknown = /Unknown variable: (\w+)/.exec(message)
    if (unknown) {
      return {
        error: `CEL: unknown variable '${unknown[1]}'; ${stage} conditions may use ${STAGE_VARIABLES[stage].join(', ')}`,
      }
    }
    return { error: `CEL type error${where(check.error)}: ${message}` }
  }
  if (check.type !== 'bool')
    return { error: `CEL: must be a bool condition, but this expression is ${check.type}` }
  return {
    ok: {
      source,
      stage,
      evaluate(context) {
        try {
          return { matched: program(context as unknown as Record<string, unknown>) === true }
        } catch (e) {
          return { matched: false, error: firstLine((e as Error).message) }
        }
      },
    },
  }
}
