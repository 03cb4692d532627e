/**
 * @module `patron triage FILE.json`: print the decision for a ticket without storing anything.
 *
 * The file holds a ticket (the body of POST /v1/tickets). The customer is recognised among the
 * accounts given with `--accounts` (a JSON file holding one account or a list, each with its
 * `externalId`, or a directory of `<externalId>.json` files as in examples/accounts/), or else among
 * the accounts stored in the configured database.
 */
import { existsSync } from 'node:fs'
import { readdir, readFile, stat } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { toTicketInput } from '../../app/ingest-ticket.js'
import { accountBody, accountExternalId, accountFields, ticketBody } from '../../app/input-schemas.js'
import { compilePolicyText, readPolicyFile, readPolicyFiles } from '../../app/load-policy.js'
import type { Config } from '../../config.js'
import type { Account } from '../../core/accounts/account.js'
import { UserError } from '../../core/errors.js'
import { validate } from '../../core/field-issues.js'
import type { TriageDecision } from '../../core/tickets/ticket.js'
import { type AccountCandidates, emailDomain } from '../../core/triage/resolve-account.js'
import { triage } from '../../core/triage/triage.js'
import { dbTarget } from '../../main.js'
import type { Db } from '../../store/db.js'
import { migrate } from '../../store/migrate.js'
import { openDb } from '../../store/open-db.js'
import { createStore } from '../../store/sql-store.js'
import { EXIT } from '../output.js'

function unreadable(path: string, e: unknown): UserError {
  return new UserError('PATRON_E_VALIDATION', `cannot read ${path}: ${(e as Error).message}`, [
    { field: path, reason: 'cannot be read' },
  ])
}

async function readJson(path: string): Promise<unknown> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (e) {
    throw unreadable(path, e)
  }
  try {
    return JSON.parse(text)
  } catch (e) {
    throw new UserError('PATRON_E_INVALID_JSON', `${path} is not valid JSON: ${(e as Error).message}`, [
      { field: path, reason: `is not valid JSON (${(e as Error).message})` },
    ])
  }
}

function toAccount(raw: unknown, fallbackId: string | null, where: string): Account {
  const record = (raw ?? {}) as Record<string, unknown>
  const { externalId = fallbackId, ...body } = record
  const id = validate(accountExternalId, externalId, [where, 'externalId'])
  if (!id.ok) throw new UserError('PATRON_E_VALIDATION', `${where}: bad externalId`, id.issues)
  const parsed = validate(accountBody, body, [where])
  if (!parsed.ok) throw new UserError('PATRON_E_VALIDATION', `${where} does not validate`, parsed.issues)
  return { id: id.value, ...accountFields(id.value, parsed.value) }
}

export async function loadAccounts(path: string): Promise<Account[]> {
  const isDirectory = await stat(path).then(
    (st) => st.isDirectory(),
    (e: unknown) => {
      throw unreadable(path, e)
    },
  )
  if (isDirectory) {
    const files = (await readdir(path)).filter((f) => f.endsWith('.json')).sort()
    return Promise.all(
      files.map(async (f) => toAccount(await readJson(join(path, f)), basename(f, '.json'), f)),
    )
  }
  const raw = await readJson(path)
  const list = Array.isArray(raw) ? raw : [raw]
  return list.map((a, i) => toAccount(a, null, Array.isArray(raw) ? `[${i}]` : basename(path)))
}

export function describeDecision(d: TriageDecision): string {
  const lines = [
    `account   ${d.account ? `${d.account.name} (${d.account.externalId})` : 'unrecognised'}`,
    ...d.accountReasons.map((r) => `            ${r.text}`),
    `tier      ${d.tier.id}`,
    ...d.tier.reasons.map((r) => `            ${r.text}`),
    `priority  ${d.priority.score} (${d.priority.level})`,
    ...d.priority.reasons.map((r) => `            ${r.text}`),
    `severity  ${d.severity.filed ?? '—'} → ${d.severity.effective}`,
    ...d.severity.reasons.map((r) => `            ${r.text}`),
    `route     queue ${d.routing.queue}, ${d.routing.agentTier} agents`,
    `sla       first response by ${d.sla.firstResponseDueAt}, resolution by ${d.sla.resolutionDueAt}`,
    `signals   ${d.signals.length === 0 ? 'none' : ''}`,
    ...d.signals.map((s) => `            ${s.text}`),
    `sentiment ${d.sentiment.label} (${d.sentiment.score.toFixed(2)})`,
    `alerts    ${d.alerts.length === 0 ? 'none' : ''}`,
    ...d.alerts.map(
      (a) =>
        `            ${a.recipient.role}${a.recipient.name ? ` ${a.recipient.name}` : ''}${a.deliverable ? '' : ' (undeliverable)'}: ${a.reasons.map((r) => r.text).join('; ')}`,
    ),
    `policy    ${d.policyVersion}`,
  ]
  return `${lines.join('\n')}\n`
}

/** The requester's candidate accounts from the configured database, read and closed again. */
async function storedCandidates(config: Config, email: string): Promise<AccountCandidates> {
  const target = dbTarget(config)
  if (target.kind === 'pglite' && !existsSync(join(target.dataDir, 'pgdata', 'PG_VERSION'))) {
    throw new UserError(
      'PATRON_E_VALIDATION',
      `there is no database in ${target.dataDir} yet: start the server once, or pass --accounts FILE|DIR`,
      [{ field: '--accounts', reason: 'needed when there is no database to read accounts from' }],
    )
  }
  let db: Db
  try {
    db = await openDb(target)
  } catch (e) {
    if (e instanceof UserError && e.code === 'PATRON_E_DATA_DIR_LOCKED') {
      throw new UserError(
        e.code,
        `${e.message} To triage while the server runs, pass --accounts FILE|DIR.`,
        e.issues,
      )
    }
    throw e
  }
  try {
    await migrate(db)
    return await createStore(db).accounts.findCandidates(email, emailDomain(email))
  } finally {
    await db.close()
  }
}

export async function triageCommand(
  file: string,
  options: {
    accounts?: string | undefined
    policyPath: string
    format: 'json' | 'text'
    now: Date
    config: Config
  },
): Promise<number> {
  const raw = await readJson(file)
  const parsed = validate(ticketBody, raw)
  if (!parsed.ok) throw new UserError('PATRON_E_VALIDATION', `${file} is not a valid ticket`, parsed.issues)
  const policyText = await readPolicyFile(options.policyPath, '--policy')
  const policy = compilePolicyText(
    policyText,
    options.policyPath,
    await readPolicyFiles(policyText, options.policyPath),
  )
  const input = toTicketInput(parsed.value, options.now)
  const email = input.requester.email
  let candidates: AccountCandidates
  if (options.accounts) {
    const accounts = await loadAccounts(options.accounts)
    candidates = {
      byContact: accounts.filter((a) => a.contacts.some((c) => c.email === email)),
      byDomain: accounts.filter((a) => a.domains.includes(emailDomain(email))),
    }
  } else {
    candidates = await storedCandidates(options.config, email)
  }
  const decision = triage({ ticket: input, candidates, policy })
  process.stdout.write(
    options.format === 'json' ? `${JSON.stringify(decision, null, 2)}\n` : describeDecision(decision),
  )
  return EXIT.ok
}
