/**
 * @module The agent queue: open tickets in Patron's order, with tier, priority, a live countdown to the SLA
 * deadline due next and the signals; filters; j/k or arrow keys to move, Enter to open.
 */
import { useEffect, useRef, useState } from 'preact/hooks'
import { api, type Queue, type QueueTicket } from '../api.js'
import { useT } from '../i18n.js'
import { Countdown, Loaded, metricName, TierBadge, useLoad } from '../ui.js'

const unique = (xs: readonly string[]) => [...new Set(xs)].sort()

function Filter(props: {
  label: string
  value: string
  options: readonly string[]
  onChange: (v: string) => void
}) {
  const t = useT()
  return (
    <label>
      {props.label}
      <select value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)}>
        <option value="">{t('queue.filter.all')}</option>
        {props.options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </label>
  )
}

/** The clock due next, ticking; paused or nothing to measure said in words. */
function Deadline(props: { ticket: QueueTicket }) {
  const t = useT()
  const d = props.ticket.deadline
  if (!d) return <span class="muted">—</span>
  return (
    <span class="deadline" data-metric={d.metric} data-status={d.status}>
      <span class="small muted">{metricName(d.metric, t)}</span>{' '}
      {d.status === 'running' && d.dueAt ? (
        <Countdown due={d.dueAt} targetMs={d.targetMs} />
      ) : (
        <span class="badge status-paused" title={d.pauseReason ?? undefined}>
          {t('sla.paused')}
        </span>
      )}
      {d.escalationLevel > 0 ? <span class="badge breach">L{d.escalationLevel}</span> : null}
    </span>
  )
}

function QueueTable(props: { items: readonly QueueTicket[] }) {
  const t = useT()
  const [queue, setQueue] = useState('')
  const [tier, setTier] = useState('')
  const [language, setLanguage] = useState('')
  const [cursor, setCursorState] = useState(0)
  // Keys can arrive faster than renders: the handler reads and moves the ref, never a stale closure.
  const cursorRef = useRef(0)
  const setCursor = (next: number | ((c: number) => number)) => {
    cursorRef.current = typeof next === 'function' ? next(cursorRef.current) : next
    setCursorState(cursorRef.current)
  }
  const rows = useRef<(HTMLTableRowElement | null)[]>([])
  // Focus follows the cursor once a key moved it: on load, focus stays at the top of the page.
  const moved = useRef(false)
  const shown = props.items.filter(
    (i) =>
      (!queue || i.queue === queue) &&
      (!tier || i.tier.id === tier) &&
      (!language || i.language === language),
  )
  const open = (i: QueueTicket) => {
    location.hash = `#/tickets/${encodeURIComponent(i.id)}`
  }
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement
      if (['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName)) return
      if (e.key === 'j' || e.key === 'ArrowDown') {
        moved.current = true
        setCursor((c) => Math.min(c + 1, shown.length - 1))
      } else if (e.key === 'k' || e.key === 'ArrowUp') {
        moved.current = true
        setCursor((c) => Math.max(c - 1, 0))
      } else if (e.key === 'Enter' && shown[cursorRef.current] && !['A', 'BUTTON'].includes(target.tagName))
        open(shown[cursorRef.current] as QueueTicket)
      else return
      e.preventDefault()
    }
    addEventListener('keydown', onKey)
    return () => removeEventListener('keydown', onKey)
  })
  useEffect(() => {
    if (moved.current) rows.current[cursor]?.focus()
  }, [cursor])
  return (
    <>
      <div class="filters">
        <Filter
          label={t('queue.filter.queue')}
          value={queue}
          options={unique(props.items.map((i) => i.queue))}
          onChange={setQueue}
        />
        <Filter
          label={t('queue.filter.tier')}
          value={tier}
          options={unique(props.items.map((i) => i.tier.id))}
          onChange={setTier}
        />
        <Filter
          label={t('queue.filter.language')}
          value={language}
          options={unique(props.items.map((i) => i.language))}
          onChange={setLanguage}
        />
        <span class="muted keys">{t('queue.keys')}</span>
      </div>
      {shown.length === 0 ? (
        <p class="muted">{t('queue.empty')}</p>
      ) : (
        <table class="queue">
          <thead>
            <tr>
              <th scope="col">{t('queue.col.priority')}</th>
              <th scope="col">{t('queue.col.ticket')}</th>
              <th scope="col">{t('queue.col.account')}</th>
              <th scope="col">{t('queue.col.tier')}</th>
              <th scope="col">{t('queue.col.sla')}</th>
              <th scope="col">{t('queue.col.signals')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((i, n) => (
              <tr
                key={i.id}
                ref={(el) => {
                  rows.current[n] = el
                }}
                tabIndex={n === cursor ? 0 : -1}
                class={n === cursor ? 'current' : ''}
                data-ticket={i.externalId}
                onClick={() => open(i)}
                onFocus={() => setCursor(n)}
              >
                <td>
                  <span class={`priority level-${i.priority.level}`}>{i.priority.score}</span>{' '}
                  <span class="muted">{i.severity.effective}</span>
                </td>
                <td>
                  <a href={`#/tickets/${encodeURIComponent(i.id)}`}>{i.subject}</a>
                  <div class="muted small">
                    {i.externalId} · {i.queue} · {i.language} ·{' '}
                    {i.assignee ? (i.assignee.name ?? i.assignee.id) : t('ticket.unassigned')}
                  </div>
                </td>
                <td>{i.account ? i.account.name : <span class="muted">—</span>}</td>
                <td>
                  <TierBadge id={i.tier.id} name={i.tier.name} />
                </td>
                <td>
                  <Deadline ticket={i} />
                </td>
                <td>
                  {i.signals.map((s) => (
                    <span key={`${s.kind}${s.phrase}`} class={`badge signal signal-${s.kind}`} title={s.text}>
                      {s.phrase}
                    </span>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  )
}

export function QueuePage() {
  const t = useT()
  const [load, reload] = useLoad(() => api<Queue>('GET', '/v1/queue?limit=200'), 'queue')
  useEffect(() => {
    const timer = setInterval(() => void reload(), 15_000)
    return () => clearInterval(timer)
  }, [reload])
  return (
    <>
      <h1>{t('queue.title')}</h1>
      <Loaded load={load} retry={reload}>
        {(q) => <QueueTable items={q.items} />}
      </Loaded>
    </>
  )
}
