/**
 * @module The handoff card: one ticket with everything the agent needs — the account and what it is
 * worth, health and risk, the CSM's notes, recent tickets, the priority's reasons, suggested handling,
 * the clocks and their ledger — and the actions that go back through the events API.
 */
import { useContext, useState } from 'preact/hooks'
import { type AccountProfile, ApiError, api, type EventResult, type TicketDetails } from '../api.js'
import { date, dateTime, money } from '../format.js'
import { LangContext, useT } from '../i18n.js'
import { urgency, useNow } from '../live-clock.js'
import { Notes } from '../notes.js'
import {
  Countdown,
  ErrorBox,
  Loaded,
  metricName,
  Reasons,
  RiskBadge,
  Section,
  TierBadge,
  useLoad,
} from '../ui.js'

interface Card {
  readonly ticket: TicketDetails
  readonly account: AccountProfile | null
}

async function loadCard(id: string): Promise<Card> {
  const ticket = await api<TicketDetails>('GET', `/v1/tickets/${encodeURIComponent(id)}`)
  const account = ticket.account
    ? await api<AccountProfile>('GET', `/v1/accounts/${encodeURIComponent(ticket.account.externalId)}`)
    : null
  return { ticket, account }
}

function Clocks(props: { ticket: TicketDetails }) {
  const t = useT()
  const now = useNow()
  return (
    <ul class="clocks">
      {props.ticket.clocks.map((c) => {
        const live = c.status === 'running' ? c.dueAt : null
        const level = live ? urgency(Date.parse(live), now, c.targetMs) : c.breachedAt ? 'breach' : 'ok'
        return (
          <li key={c.metric} class={`clock ${level}`} data-metric={c.metric} data-status={c.status}>
            <strong>{metricName(c.metric, t)}</strong>{' '}
            <span class={`badge status-${c.status}`}>{t(`clock.status.${c.status}`)}</span>{' '}
            {live ? <Countdown due={live} targetMs={c.targetMs} /> : null}
            {c.escalationLevel > 0 ? <span class="badge breach">L{c.escalationLevel}</span> : null}
            <div class="muted small">{c.text}</div>
          </li>
        )
      })}
    </ul>
  )
}

function Actions(props: { ticket: TicketDetails; onDone: (t: TicketDetails) => void }) {
  const t = useT()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)
  const [done, setDone] = useState(false)
  const send = async (body: Record<string, unknown>) => {
    setBusy(true)
    setError(null)
    setDone(false)
    try {
      const result = await api<EventResult>(
        'POST',
        `/v1/tickets/${encodeURIComponent(props.ticket.id)}/events`,
        {
          eventId: crypto.randomUUID(),
          at: new Date().toISOString(),
          ...body,
        },
      )
      props.onDone(result)
      setDone(true)
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, String(e), null, []))
    } finally {
      setBusy(false)
    }
  }
  const closed = props.ticket.status === 'solved' || props.ticket.status === 'closed'
  return (
    <div class="actions">
      <button type="button" disabled={busy || closed} onClick={() => send({ type: 'agent_reply' })}>
        {t('ticket.reply')}
      </button>
      <button
        type="button"
        disabled={busy || closed}
        onClick={() => send({ type: 'status_change', status: 'pending' })}
      >
        {t('ticket.pending')}
      </button>
      <button
        type="button"
        disabled={busy || closed}
        onClick={() => send({ type: 'status_change', status: 'solved' })}
      >
        {t('ticket.resolve')}
      </button>
      <span aria-live="polite" class="muted">
        {done ? t('ticket.recorded') : ''}
      </span>
      {error ? <ErrorBox error={error} /> : null}
    </div>
  )
}

function AccountSummary(props: { account: AccountProfile }) {
  const t = useT()
  const lang = useContext(LangContext)
  const a = props.account
  const s = a.assessment
  return (
    <>
      <p>
        <a href={`#/accounts/${encodeURIComponent(a.externalId)}`}>
          <strong>{a.name}</strong>
        </a>
      </p>
      <dl class="facts">
        <dt>{t('ticket.arr')}</dt>
        <dd>{money(a.arr, a.currency, lang)}</dd>
        <dt>{t('ticket.plan')}</dt>
        <dd>{a.plan}</dd>
        <dt>{t('ticket.renewal')}</dt>
        <dd>
          {date(a.renewalDate, lang)}
          {s?.renewalInDays != null ? <span class="muted"> ({s.renewalInDays} d)</span> : null}
        </dd>
        <dt>{t('ticket.csm')}</dt>
        <dd>{a.csm ? `${a.csm.name} <${a.csm.email}>` : '—'}</dd>
        <dt>{t('ticket.ae')}</dt>
        <dd>{a.accountExecutive ? `${a.accountExecutive.name} <${a.accountExecutive.email}>` : '—'}</dd>
        <dt>{t('ticket.expansion')}</dt>
        <dd>{a.expansionPipeline ? money(a.expansionPipeline, a.currency, lang) : '—'}</dd>
        <dt>{t('ticket.health')}</dt>
        <dd>
          {s?.health.score ?? '—'}/100
          {s?.health.trend ? (
            <span class="muted">
              {' '}
              ({s.health.trend.delta >= 0 ? '+' : ''}
              {s.health.trend.delta})
            </span>
          ) : null}
        </dd>
        <dt>{t('ticket.risk')}</dt>
        <dd>
          <RiskBadge bucket={s?.risk.bucket ?? null} /> <span class="muted small">{s?.risk.text}</span>
        </dd>
      </dl>
      <h3>{t('ticket.stakeholders')}</h3>
      <ul class="plain">
        {a.contacts.map((c) => (
          <li key={c.email}>
            {c.name ?? c.email} {c.title ? <span class="muted">· {c.title}</span> : null}{' '}
            <span class="badge">{c.role}</span>
          </li>
        ))}
      </ul>
      <h3>{t('notes.title')}</h3>
      <Notes externalId={a.externalId} initial={a.notes} />
      {a.recommendedActions.length > 0 ? (
        <>
          <h3>{t('ticket.recommendedActions')}</h3>
          <ul>
            {a.recommendedActions.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        </>
      ) : null}
      <h3>{t('ticket.recent')}</h3>
      <table class="compact">
        <tbody>
          {a.tickets.slice(0, 6).map((r) => (
            <tr key={r.id}>
              <td>
                <a href={`#/tickets/${encodeURIComponent(r.id)}`}>{r.subject}</a>
              </td>
              <td>{r.severity}</td>
              <td>{r.status}</td>
              <td>{r.resolutionHours !== null ? `${r.resolutionHours} h` : '—'}</td>
              <td>{r.csat !== null ? `CSAT ${r.csat}/5` : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  )
}

function Card(props: { card: Card }) {
  const t = useT()
  const lang = useContext(LangContext)
  const [ticket, setTicket] = useState(props.card.ticket)
  const h = ticket.handling
  return (
    <div class="handoff">
      <p>
        <a href="#/queue">{t('ticket.back')}</a>
      </p>
      <h1>
        <span class={`priority level-${ticket.priority.level}`}>{ticket.priority.score}</span>{' '}
        {ticket.subject}
      </h1>
      <p class="muted">
        {ticket.externalId} · {ticket.requester.name ?? ticket.requester.email} ·{' '}
        {dateTime(ticket.createdAt, lang)} · <TierBadge id={ticket.tier.id} name={ticket.tier.name} /> ·{' '}
        {ticket.severity.effective} · {t('ticket.status')}: <span data-testid="status">{ticket.status}</span>{' '}
        · {t('ticket.assignee')}:{' '}
        {ticket.assignee ? (ticket.assignee.name ?? ticket.assignee.id) : t('ticket.unassigned')}
      </p>
      <div class="grid">
        <Section title={t('ticket.message')}>
          {/* Ticket text is untrusted: rendered as text, never as markup. */}
          <pre class="body">{ticket.body}</pre>
          {ticket.signals.length > 0 ? (
            <>
              <h3>{t('ticket.signals')}</h3>
              <ul class="plain">
                {ticket.signals.map((s) => (
                  <li key={`${s.kind}${s.phrase}`}>
                    <span class={`badge signal signal-${s.kind}`}>{s.kind}</span> {s.text}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </Section>
        <Section title={t('ticket.why')} id="why">
          <Reasons reasons={ticket.priority.reasons} />
        </Section>
        <Section title={t('ticket.handling')}>
          <p>{h.toneText}</p>
          <ul>
            {h.loopIn.map((l) => (
              <li key={l.role}>
                <strong>{l.name ?? l.role}</strong>{' '}
                {l.email ? <span class="muted">&lt;{l.email}&gt;</span> : null} — {l.why}
              </li>
            ))}
            {h.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </Section>
        <Section title={t('ticket.account')}>
          {props.card.account ? (
            <AccountSummary account={props.card.account} />
          ) : (
            <p class="muted">{t('ticket.noAccount')}</p>
          )}
        </Section>
        <Section title={t('ticket.clocks')} id="clocks">
          <Clocks ticket={ticket} />
          <h3>{t('ticket.actions')}</h3>
          <Actions ticket={ticket} onDone={setTicket} />
        </Section>
        <Section title={t('ticket.ledger')}>
          <ol class="ledger">
            {ticket.ledger.map((e, i) => (
              // Keyed by index: the ledger only grows at its end
              <li key={i}>
                <span class="muted">{dateTime(e.at, lang)}</span> {e.text}
              </li>
            ))}
          </ol>
        </Section>
      </div>
    </div>
  )
}

export function TicketPage(props: { id: string }) {
  const [load, reload] = useLoad(() => loadCard(props.id), props.id)
  return (
    <Loaded load={load} retry={reload}>
      {(card) => <Card card={card} />}
    </Loaded>
  )
}
