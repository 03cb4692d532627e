/**
 * @module The managers' SLA board: attainment per tier and metric, what is breached or about to be now,
 * the escalation levels in force and the queue's depth over the last two days. Refreshed every 30 s.
 */

import { useContext, useEffect } from 'preact/hooks'
import type { z } from 'zod'
import type { slaBoardView } from '../../../src/api/sla-board-schemas.js'
import { api } from '../api.js'
import { BarChart, LineChart } from '../chart.js'
import { dateTime, locale } from '../format.js'
import { type Lang, LangContext, useT } from '../i18n.js'
import { Loaded, METRICS, metricName, Section, TierBadge, useLoad } from '../ui.js'

type Board = z.output<typeof slaBoardView>
type BoardClock = Board['now']['breached']['items'][number]

const DAYS = 30
const HOURS = 48
const REFRESH_MS = 30_000

function percent(share: number | null, lang: Lang): string {
  if (share === null) return '—'
  return new Intl.NumberFormat(locale(lang), { style: 'percent', maximumFractionDigits: 1 }).format(share)
}

function Attainment(props: { board: Board }) {
  const t = useT()
  const lang = useContext(LangContext)
  const rows = props.board.attainment.rows
  if (rows.length === 0) return <p class="muted">{t('board.noAttainment')}</p>
  const tiers = [...new Map(rows.map((r) => [r.tier.id, r.tier])).values()]
  const metrics = METRICS.filter((m) => rows.some((r) => r.metric === m))
  const series = metrics.map((m) => ({
    label: metricName(m, t),
    data: tiers.map((tier) => {
      const row = rows.find((r) => r.tier.id === tier.id && r.metric === m)
      return row?.share == null ? null : Math.round(row.share * 1000) / 10
    }),
  }))
  return (
    <>
      <table class="compact attainment">
        <thead>
          <tr>
            <th scope="col">{t('board.col.tier')}</th>
            <th scope="col">{t('board.col.metric')}</th>
            <th scope="col" class="num">
              {t('board.col.met')}
            </th>
            <th scope="col" class="num">
              {t('board.col.breached')}
            </th>
            <th scope="col" class="num">
              {t('board.col.running')}
            </th>
            <th scope="col" class="num">
              {t('board.col.share')}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${r.tier.id}:${r.metric}`} title={r.text}>
              <th scope="row">
                <TierBadge id={r.tier.id} name={r.tier.name} />
              </th>
              <td>{metricName(r.metric, t)}</td>
              <td class="num">{r.met}</td>
              <td class="num">{r.breached}</td>
              <td class="num">{r.running}</td>
              <td class="num">{percent(r.share, lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{t('board.shareChart')}</h3>
      <BarChart
        labels={tiers.map((tier) => tier.name)}
        series={series}
        ariaLabel={t('board.shareChart')}
        yMax={100}
      />
    </>
  )
}

function ClockList(props: { title: string; list: Board['now']['breached']; empty: string }) {
  const t = useT()
  const { count, items } = props.list
  return (
    <>
      <h3>{t('board.listTitle', { title: props.title, n: count })}</h3>
      {items.length === 0 ? (
        <p class="muted">{props.empty}</p>
      ) : (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard
        <ul class="clocks board-list" tabIndex={0} aria-label={props.title}>
          {items.map((c: BoardClock) => (
            <li key={`${c.ticketId}:${c.metric}`} class={`clock ${c.breachedAt ? 'breach' : 'warn'}`}>
              <a href={`#/tickets/${encodeURIComponent(c.ticketId)}`}>
                {c.externalId}: {c.subject}
              </a>{' '}
              <TierBadge id={c.tier.id} name={c.tier.name} />
              <span class="badge">{metricName(c.metric, t)}</span>
              {c.escalationLevel > 0 ? <span class="badge breach">L{c.escalationLevel}</span> : null}
              {c.status === 'paused' ? <span class="badge">{t('sla.paused')}</span> : null}
              <div class="muted small">{c.text}</div>
            </li>
          ))}
        </ul>
      )}
      {count > items.length ? (
        <p class="muted small">{t('board.more', { shown: items.length, count })}</p>
      ) : null}
    </>
  )
}

function Escalations(props: { board: Board }) {
  const t = useT()
  const levels = props.board.now.escalations
  if (levels.length === 0) return <p class="muted">{t('board.noEscalation')}</p>
  return (
    <table class="compact">
      <thead>
        <tr>
          <th scope="col">{t('board.col.level')}</th>
          <th scope="col">{t('board.col.notify')}</th>
          <th scope="col" class="num">
            {t('board.col.tickets')}
          </th>
        </tr>
      </thead>
      <tbody>
        {levels.map((l) => (
          <tr key={l.level} title={l.text}>
            <th scope="row">{l.label}</th>
            <td>{l.notify.join(', ')}</td>
            <td class="num">{l.tickets}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function QueueDepth(props: { board: Board }) {
  const t = useT()
  const lang = useContext(LangContext)
  const points = props.board.queueDepth.points
  if (points.length === 0) return <p class="muted">{t('account.none')}</p>
  const hour = new Intl.DateTimeFormat(locale(lang), { weekday: 'short', hour: '2-digit', minute: '2-digit' })
  const labels = points.map((p) => hour.format(new Date(p.at)))
  const last = points[points.length - 1] as (typeof points)[number]
  const peak = points.reduce((a, b) => (b.open > a.open ? b : a))
  return (
    <>
      <LineChart
        labels={labels}
        series={[{ label: t('board.open'), data: points.map((p) => p.open) }]}
        ariaLabel={t('board.depthChart')}
      />
      <p class="muted small">
        {t('board.depthSummary', { now: last.open, peak: peak.open, at: dateTime(peak.at, lang) })}
      </p>
    </>
  )
}

export function SlaBoardPage() {
  const t = useT()
  const lang = useContext(LangContext)
  const [load, reload] = useLoad(
    () => api<Board>('GET', `/v1/sla/summary?days=${DAYS}&hours=${HOURS}`),
    'sla-board',
  )
  useEffect(() => {
    const timer = setInterval(() => void reload(), REFRESH_MS)
    return () => clearInterval(timer)
  }, [reload])
  return (
    <>
      <h1>{t('board.title')}</h1>
      <Loaded load={load} retry={reload}>
        {(board) => (
          <>
            <p class="muted small" aria-live="off">
              {t('board.updated', { at: dateTime(board.generatedAt, lang) })}
            </p>
            <Section title={t('board.attainment')} id="board-attainment">
              <Attainment board={board} />
            </Section>
            <div class="grid stack">
              <Section title={t('board.now')} id="board-now">
                {board.now.breached.count === 0 && board.now.warning.count === 0 ? (
                  <p class="muted">{t('board.none')}</p>
                ) : (
                  <>
                    <ClockList
                      title={t('board.breached')}
                      list={board.now.breached}
                      empty={t('board.noBreached')}
                    />
                    <ClockList
                      title={t('board.warning')}
                      list={board.now.warning}
                      empty={t('board.noWarning')}
                    />
                  </>
                )}
              </Section>
              <Section title={t('board.escalations')} id="board-escalations">
                <Escalations board={board} />
              </Section>
            </div>
            <Section title={t('board.depth')} id="board-depth">
              <QueueDepth board={board} />
            </Section>
          </>
        )}
      </Loaded>
    </>
  )
}
