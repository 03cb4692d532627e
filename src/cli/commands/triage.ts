/**
 * @module `patron triage FILE.json`: print the decision for a ticket without storing anything.
 *
 * The file holds a ticket (the body of POST /v1/tickets). The customer is recognised among the
 * accounts given with `--accounts` (a JSON file holding one account or a list, each with its
 * `externalId`, or a directory of `<externalId>.json` files as in examples/accounts/).
 */
import { readdir, readFile, stat } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { toTicketInput } from '../../app/ingest-ticket.js'
import { accountBody, accountExternalId, accountFields, ticketBody } from '../../app/input-schemas.js'
import { compilePolicyText, readPolicyFile } from '../../app/load-policy.js'
import type { Account } from '../../core/accounts/account.js'
import { UserError } from '../../core/errors.js'
import { validate } from '../../core/field-issues.js'
import type { TriageDecision } from '../../core/tickets/ticket.js'
import { emailDomain } from '../../core/triage/resolve-account.js'
import { triage } from '../../core/triage/triage.js'
import { EXIT } from '../output.js'

async function readJson(path: string): Promise<unknown> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (e) {
    throw new UserError('PATRON_E_VALIDATION', `cannot read ${path}: ${(e as Error).message}`, [
      { field: path, reason: 'cannot be read' },
    ])
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
  if ((await stat(path)).isDirectory()) {
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

export async function triageCommand(
  file: string,
  options: { accounts?: string | undefined; policyPath: string; format: 'json' | 'text'; now: Date },
): Promise<number> {
  const raw = await readJson(file)
  const parsed = validate(ticketBody, raw)
  if (!parsed.ok) throw new UserError('PATRON_E_VALIDATION', `${file} is not a valid ticket`, parsed.issues)
  const policy = compilePolicyText(await readPolicyFile(options.policyPath), options.policyPath)
  const accounts = options.accounts ? await loadAccounts(options.accounts) : []
  const input = toTicketInput(parsed.value, options.now)
  const email = input.requester.email
  const decision = triage({
    ticket: input,
    candidates: {
      byContact: accounts.filter((a) => a.contacts.some((c) => c.email === email)),
      byDomain: accounts.filter((a) => a.domains.includes(emailDomain(email))),
    },
    policy,
  })
  process.stdout.write(
    options.format === 'json' ? `${JSON.stringify(decision, null, 2)}\n` : describeDecision(decision),
  )
  return EXIT.ok
}
