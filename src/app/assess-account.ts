/**
 * @module Assess an account now: health, risk, tier. One transaction with the account locked, so the
 * tier step, the assessment, the notices it causes and the timer for a downgrade's effective date
 * commit together — or not at all.
 *
 * Runs after an account is saved (an upgrade applies at once), after its tickets or activity change
 * (as a keyed job, so a burst of tickets costs one assessment), on a downgrade's effective date, and
 * nightly for every account.
 */
import { Duration } from 'luxon'
import type { AccountActivity } from '../core/accounts/activity.js'
import { type AccountAssessment, assessAccount } from '../core/accounts/assess-account.js'
import { BUCKET_NAMES, RISK_BUCKETS, type RiskBucket } from '../core/accounts/churn-risk.js'
import { stepTier, type TierChange } from '../core/accounts/tier-lifecycle.js'
import type { Notification } from '../core/notification.js'
import type { CompiledPolicy } from '../core/policy/compile-policy.js'
import type { NewJob, OutboxEntry, Store, StoredAccount } from '../store/store.js'
import type { AppDeps, Channels } from './deps.js'
import { fanOut, type Recipient } from './notifications.js'

export const ASSESS_JOB = 'account.assess'
/** How long after a ticket its account is reassessed. */
export const ASSESS_DELAY_MS = 30_000
export const assessJobKey = (accountId: string) => `assess:${accountId}`

/** The job that assesses an account at `runAt` (keyed: scheduling it again moves it). */
export function assessJob(accountId: string, runAt: string): NewJob {
  return { kind: ASSESS_JOB, key: assessJobKey(accountId), payload: { accountId }, runAt }
}

/** How far back assessment reads activity: the health window, and never less than 90 days (risk reads 90). */
export function activitySince(policy: CompiledPolicy, nowMs: number): Date {
  const windowMs = Duration.fromISO(policy.document.health.window).toMillis()
  return new Date(nowMs - Math.max(windowMs, 90 * 86_400_000))
}

/** True when bucket `a` is more urgent than `b` (any bucket is more urgent than none). */
export const moreUrgent = (a: RiskBucket | null, b: RiskBucket | null) =>
  a !== null && (b === null || RISK_BUCKETS.indexOf(a) < RISK_BUCKETS.indexOf(b))

function accountRecipients(account: StoredAccount, customer: boolean): Recipient[] {
  const out: Recipient[] = []
  if (account.csm) out.push({ role: 'csm', name: account.csm.name, email: account.csm.email })
  if (customer) {
    for (const c of account.contacts)
      if (c.role === 'executive') out.push({ role: 'customer', name: c.name, email: c.email })
  }
  return out
}

function riskNotification(
  account: StoredAccount,
  a: AccountAssessment,
  from: RiskBucket | null,
): Notification {
  const bucket = a.risk.bucket as RiskBucket
  return {
    dedupKey: `account:${account.id}:risk:${bucket}:${a.at}`,
    topic: 'account.risk',
    occurredAt: a.at,
    subject: `[Patron] ${account.name}: churn risk now ${BUCKET_NAMES[bucket]}`,
    text: [
      `${account.name} moved ${from ? `from ${BUCKET_NAMES[from]} ` : ''}into ${BUCKET_NAMES[bucket]}.`,
      a.risk.text,
      'Risk factors:',
      ...a.risk.factors.map((f) => `  • ${f.text} (+${f.points})`),
      `Health: ${a.health.text}`,
      `Account: /v1/accounts/${account.externalId}`,
    ].join('\n'),
    data: {
      accountId: account.id,
      externalId: account.externalId,
      bucket,
      previousBucket: from,
      risk: a.risk,
      health: { score: a.health.score, measures: a.health.measures },
    },
  }
}

function tierNotification(account: StoredAccount, change: TierChange): Notification {
  const what =
    change.kind === 'downgrade_scheduled'
      ? `moves from ${change.from} to ${change.to} on ${change.effectiveAt.slice(0, 10)} (advance notice)`
      : change.kind === 'downgrade'
        ? `moved from ${change.from} to ${change.to} today`
        : change.kind === 'upgrade'
          ? `moved up from ${change.from} to ${change.to}`
          : change.kind === 'downgrade_cancelled'
            ? `stays in ${change.to}: the announced downgrade is cancelled`
            : `downgrade on ${change.effectiveAt.slice(0, 10)} now goes to ${change.to}`
  return {
    dedupKey: `account:${account.id}:tier:${change.kind}:${change.at}`,
    topic: 'account.tier',
    occurredAt: change.at,
    subject: `[Patron] ${account.name}: tier ${what}`,
    text: [
      `${account.name} ${what}.`,
      ...change.reasons.map((r) => `  • ${r}`),
      `Account: /v1/accounts/${account.externalId}`,
    ].join('\n'),
    data: { accountId: account.id, externalId: account.externalId, change },
  }
}

/** Assess one locked account with its activity loaded; writes everything through `tx`. */
export async function assessLoaded(
  tx: Store,
  policy: CompiledPolicy,
  channels: Channels,
  account: StoredAccount,
  activity: AccountActivity,
  now: Date,
): Promise<AccountAssessment> {
  const nowMs = now.getTime()
  const assessment = assessAccount(account, activity, policy, nowMs)
  await tx.accounts.saveAssessment(account.id, assessment)

  const outbox: OutboxEntry[] = []
  const previous = account.assessment?.risk.bucket ?? null
  if (moreUrgent(assessment.risk.bucket, previous)) {
    outbox.push(
      ...fanOut(
        policy,
        channels,
        riskNotification(account, assessment, previous),
        accountRecipients(account, false),
        null,
      ),
    )
  }

  const step = stepTier(policy, account.heldTier, assessment.target, nowMs)
  if (step.changes.length > 0) {
    await tx.accounts.holdTier(account.id, step.held, step.changes)
    for (const change of step.changes) {
      if (change.kind === 'initial') continue
      const customer = change.kind === 'downgrade_scheduled' && policy.document.tierLifecycle.notifyCustomer
      outbox.push(
        ...fanOut(
          policy,
          channels,
          tierNotification(account, change),
          accountRecipients(account, customer),
          null,
        ),
      )
    }
  }
  if (outbox.length > 0) await tx.outbox.add(outbox, now)
  // Wake on the effective date, to apply the downgrade even if nothing else happens to the account.
  if (step.held.pending) await tx.jobs.schedule([assessJob(account.id, step.held.pending.effectiveAt)], now)
  return assessment
}

export async function assessAccountNow(
  deps: AppDeps,
  accountId: string,
): Promise<{ readonly account: StoredAccount; readonly assessment: AccountAssessment } | null> {
  const now = deps.now()
  const policy = deps.policy.current()
  const result = await deps.store.transaction(async (tx) => {
    const account = await tx.accounts.lock(accountId)
    if (!account) return null
    const activity = await tx.activity.load(account.id, activitySince(policy, now.getTime()))
    const assessment = await assessLoaded(tx, policy, deps.channels, account, activity, now)
    const stored = await tx.accounts.getById(account.id)
    return stored ? { account: stored, assessment } : null
  })
  if (result) {
    deps.log.info(
      {
        accountId,
        health: result.assessment.health.score,
        risk: result.assessment.risk.score,
        bucket: result.assessment.risk.bucket,
      },
      'account assessed',
    )
  }
  return result
}
