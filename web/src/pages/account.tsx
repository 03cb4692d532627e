/**
 * @module One account's 360° page: value, plan, the tier it is held in (and a downgrade under notice),
 * renewal; the CSM's notes for support (add, pin, delete); health with each measure and its history; churn
 * risk with each factor; ticket patterns; what the CSM should do; tier changes, billing events and recent
 * tickets. Everything is rendered as text.
 */
import { useContext } from 'preact/hooks'
import { type AccountProfile, api } from '../api.js'
import { LineChart } from '../chart.js'
import { date, dateTime, money } from '../format.js'
import { type Lang, LangContext, useT } from '../i18n.js'
import { Notes } from '../notes.js'
import { Loaded, Reasons, RiskBadge, Section, TierBadge, useLoad } from '../ui.js'
import { loadTiers, type TierRef, tierName } from './accounts.js'

type Assessment = NonNullable<AccountProfile['assessment']>

interface Page {
  readonly account: AccountProfile
  readonly tiers: readonly TierRef[]
}

async function loadPage(id: string): Promise<Page> {
  const [account, tiers] = await Promise.all([
    api<AccountProfile>('GET', `/v1/accounts/${encodeURIComponent(id)}`),
    loadTiers(),
  ])
  return { account, tiers }
}

const percent = (p: number, lang: Lang) =>
  new Intl.NumberFormat(lang === 'zh' ? 'zh-CN' : 'en-US', {
    style: 'percent',
    maximumFractionDigits: 1,
  }).format(p)

const signed = (n: number) => (n >= 0 ? `+${n}` : String(n))

function Facts(props: Page) {
  const t = useT()
  const lang = useContext(LangContext)
  const a = props.account
  const s = a.assessment
  return (
    <dl class="facts">
      <dt>{t('ticket.arr')}</dt>
      <dd>{money(a.arr, a.currency, lang)}</dd>
      <dt>{t('ticket.plan')}</dt>
      <dd>{a.plan}</dd>
      <dt>{t('accounts.col.tier')}</dt>
      <dd>
        {a.tier ? (
          <>
            <TierBadge id={a.tier.id} name={tierName(props.tiers, a.tier.id)} />{' '}
            <span class="muted small">{t('account.since', { date: date(a.tier.since, lang) })}</span>
          </>
        ) : (
          '—'
        )}
      </dd>
      {s ? (
        <>
          <dt>{t('account.target')}</dt>
          <dd>
            {tierName(props.tiers, s.target.tier)} <span class="muted small">({s.target.because})</span>
          </dd>
          <dt>{t('account.nextTier')}</dt>
          <dd>{s.nextTier ? s.nextTier.text : <span class="muted">{t('accounts.top')}</span>}</dd>
        </>
      ) : null}
      <dt>{t('ticket.renewal')}</dt>
      <dd>
        {date(a.renewalDate, lang)}
        {s?.renewalInDays != null ? (
          <span class="muted">
            {' '}
            (
            {s.renewalInDays >= 0
              ? t('vip.inDays', { n: s.renewalInDays })
              : t('vip.daysAgo', { n: -s.renewalInDays })}
            )
          </span>
        ) : null}
      </dd>
      <dt>{t('ticket.csm')}</dt>
      <dd>{a.csm ? `${a.csm.name} <${a.csm.email}>` : '—'}</dd>
      <dt>{t('ticket.ae')}</dt>
      <dd>{a.accountExecutive ? `${a.accountExecutive.name} <${a.accountExecutive.email}>` : '—'}</dd>
      <dt>{t('ticket.expansion')}</dt>
      <dd>{a.expansionPipeline ? money(a.expansionPipeline, a.currency, lang) : '—'}</dd>
      <dt>{t('account.escalations')}</dt>
      <dd>{a.openEscalations > 0 ? <span class="badge breach">{a.openEscalations}</span> : 0}</dd>
      {s?.incubation ? (
        <>
          <dt>{t('account.incubation')}</dt>
          <dd>{s.incubation}</dd>
        </>
      ) : null}
    </dl>
  )
}

function PendingNotice(props: Page) {
  const t = useT()
  const lang = useContext(LangContext)
  const p = props.account.tier?.pendingDowngrade
  if (!p) return null
  return (
    <div class="notice" role="status">
      <strong>
        {t('account.pending', {
          tier: tierName(props.tiers, p.tier),
          notice: date(p.noticeAt, lang),
          date: date(p.effectiveAt, lang),
        })}
      </strong>
      {p.reasons.length > 0 ? (
        <ul>
          {p.reasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      ) : null}
    </div>
  )
}

function Health(props: { assessment: Assessment }) {
  const t = useT()
  const h = props.assessment.health
  return (
    <>
      <p>
        <strong class="score">{h.score ?? '—'}</strong>/100
        {h.trend ? <span class="muted"> ({signed(h.trend.delta)})</span> : null}
      </p>
      <p class="muted small">{h.text}</p>
      <table class="compact rows">
        <thead>
          <tr>
            <th scope="col">{t('account.col.measure')}</th>
            <th scope="col" class="num">
              {t('account.col.score')}
            </th>
            <th scope="col" class="num">
              {t('account.col.weight')}
            </th>
            <th scope="col" class="num">
              {t('account.col.contribution')}
            </th>
            <th scope="col">{t('account.col.detail')}</th>
          </tr>
        </thead>
        <tbody>
          {h.measures.map((m) => (
            <tr key={m.id}>
              <th scope="row">{m.id}</th>
              <td class="num">{m.score ?? '—'}</td>
              <td class="num">{m.weight}</td>
              <td class="num">{m.contribution}</td>
              <td>{m.text}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  )
}

function History(props: { account: AccountProfile }) {
  const t = useT()
  const lang = useContext(LangContext)
  const points = [...props.account.healthHistory].sort((x, y) => Date.parse(x.at) - Date.parse(y.at))
  if (points.length === 0) return <p class="muted">{t('account.historyEmpty')}</p>
  const days = points.map((p) => date(p.at, lang))
  // Several assessments on one day need the time to tell them apart.
  const labels = new Set(days).size === days.length ? days : points.map((p) => dateTime(p.at, lang))
  return (
    <>
      <LineChart
        labels={labels}
        series={[
          { label: t('account.series.health'), data: points.map((p) => p.score) },
          { label: t('account.series.risk'), data: points.map((p) => p.riskScore) },
        ]}
        yMax={100}
        ariaLabel={`${t('account.historyChart')}: ${points
          .map((p, i) => `${labels[i]} ${p.score} / ${p.riskScore}`)
          .join('; ')}`}
      />
      {points.length === 1 ? <p class="muted small">{t('account.historyOne')}</p> : null}
    </>
  )
}

function Risk(props: { assessment: Assessment }) {
  const t = useT()
  const lang = useContext(LangContext)
  const r = props.assessment.risk
  return (
    <>
      <p>
        <RiskBadge bucket={r.bucket} /> <strong class="score">{r.score}</strong>/100{' '}
        <span class="muted small">{t('account.method', { method: r.method })}</span>
      </p>
      {r.model ? (
        <p>
          {t('account.model', {
            p: percent(r.model.probability, lang),
            b: percent(r.model.baseline, lang),
            n: r.model.trainedOn,
          })}
        </p>
      ) : null}
      {r.factors.length > 0 ? <Reasons reasons={r.factors} /> : <p class="muted">{t('account.none')}</p>}
      {r.model && r.model.offsets.length > 0 ? (
        <>
          <h3>{t('account.offsets')}</h3>
          <Reasons reasons={r.model.offsets} />
        </>
      ) : null}
    </>
  )
}

function TierChanges(props: Page) {
  const t = useT()
  const lang = useContext(LangContext)
  const changes = props.account.tierChanges
  if (changes.length === 0) return <p class="muted">{t('account.none')}</p>
  return (
    <table class="compact rows">
      <thead>
        <tr>
          <th scope="col">{t('account.col.when')}</th>
          <th scope="col">{t('account.col.kind')}</th>
          <th scope="col">{t('account.col.from')}</th>
          <th scope="col">{t('account.col.to')}</th>
          <th scope="col">{t('account.col.effective')}</th>
          <th scope="col">{t('account.col.reasons')}</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((c) => (
          <tr key={c.id}>
            <td>{dateTime(c.at, lang)}</td>
            <td>
              <span class="badge">{c.kind.replaceAll('_', ' ')}</span>
            </td>
            <td>{c.from ? tierName(props.tiers, c.from) : '—'}</td>
            <td>{tierName(props.tiers, c.to)}</td>
            <td>{date(c.effectiveAt, lang)}</td>
            <td>
              <ul class="plain">
                {c.reasons.map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function Billing(props: { account: AccountProfile }) {
  const t = useT()
  const lang = useContext(LangContext)
  const events = props.account.billingEvents
  if (events.length === 0) return <p class="muted">{t('account.none')}</p>
  return (
    <table class="compact rows">
      <thead>
        <tr>
          <th scope="col">{t('account.col.when')}</th>
          <th scope="col">{t('account.col.kind')}</th>
          <th scope="col" class="num">
            {t('account.col.amount')}
          </th>
          <th scope="col">{t('account.col.note')}</th>
        </tr>
      </thead>
      <tbody>
        {events.map((e) => (
          <tr key={e.eventId}>
            <td>{date(e.occurredAt, lang)}</td>
            <td>
              <span class={`badge billing-${e.kind}`}>{e.kind.replaceAll('_', ' ')}</span>
            </td>
            <td class="num">{e.amount !== null ? money(e.amount, props.account.currency, lang) : '—'}</td>
            <td>{e.note ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function Tickets(props: { account: AccountProfile }) {
  const t = useT()
  const lang = useContext(LangContext)
  const tickets = props.account.tickets
  if (tickets.length === 0) return <p class="muted">{t('account.none')}</p>
  return (
    <table class="compact rows">
      <thead>
        <tr>
          <th scope="col">{t('account.col.ticket')}</th>
          <th scope="col">{t('account.col.created')}</th>
          <th scope="col">{t('account.col.severity')}</th>
          <th scope="col">{t('account.col.status')}</th>
          <th scope="col" class="num">
            {t('account.col.resolution')}
          </th>
          <th scope="col" class="num">
            {t('account.col.csat')}
          </th>
          <th scope="col" class="num">
            {t('account.col.breaches')}
          </th>
        </tr>
      </thead>
      <tbody>
        {tickets.map((r) => (
          <tr key={r.id}>
            <th scope="row">
              <a href={`#/tickets/${encodeURIComponent(r.id)}`}>{r.subject}</a>{' '}
              <span class="muted small">{r.externalId}</span>
            </th>
            <td>{dateTime(r.createdAt, lang)}</td>
            <td>{r.severity}</td>
            <td>{r.status}</td>
            <td class="num">
              {r.resolutionHours !== null ? t('account.hours', { n: r.resolutionHours }) : '—'}
            </td>
            <td class="num">{r.csat !== null ? `${r.csat}/5` : '—'}</td>
            <td class="num">{r.breaches > 0 ? <span class="badge breach">{r.breaches}</span> : 0}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function Profile(props: Page) {
  const t = useT()
  const a = props.account
  const s = a.assessment
  return (
    <>
      <p>
        <a href="#/accounts">{t('account.back')}</a>
      </p>
      <h1>
        {a.name} {a.tier ? <TierBadge id={a.tier.id} name={tierName(props.tiers, a.tier.id)} /> : null}
      </h1>
      <p class="muted">
        {a.externalId} · {a.plan}
        {a.domains.length > 0 ? ` · ${a.domains.join(', ')}` : ''}
      </p>
      <PendingNotice {...props} />
      <div class="grid stack profile">
        <Section title={t('ticket.account')} id="facts">
          <Facts {...props} />
        </Section>
        <Section title={t('notes.title')} id="notes">
          <Notes externalId={a.externalId} initial={a.notes} manage />
        </Section>
        <Section title={t('account.measures')} id="measures">
          {s ? <Health assessment={s} /> : <p class="muted">{t('account.notAssessed')}</p>}
        </Section>
        <Section title={t('account.healthHistory')} id="history">
          <History account={a} />
        </Section>
        <Section title={t('account.riskFactors')} id="risk">
          {s ? (
            <>
              <Risk assessment={s} />
              <p class="muted small">{s.risk.text}</p>
            </>
          ) : (
            <p class="muted">{t('account.notAssessed')}</p>
          )}
        </Section>
        <Section title={t('account.patterns')} id="patterns">
          {s && s.patterns.length > 0 ? (
            <ul class="plain">
              {s.patterns.map((p) => (
                <li key={`${p.kind}${p.text}`}>
                  <span class="badge">{p.kind.replaceAll('_', ' ')}</span> {p.text}
                </li>
              ))}
            </ul>
          ) : (
            <p class="muted">{t('account.none')}</p>
          )}
        </Section>
        <Section title={t('account.actions')} id="actions">
          {a.recommendedActions.length > 0 ? (
            <ul>
              {a.recommendedActions.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          ) : (
            <p class="muted">{t('account.none')}</p>
          )}
        </Section>
        <Section title={t('account.tierChanges')} id="tier-changes">
          <TierChanges {...props} />
        </Section>
        <Section title={t('account.billing')} id="billing">
          <Billing account={a} />
        </Section>
      </div>
      <Section title={t('account.tickets')} id="tickets">
        <Tickets account={a} />
      </Section>
    </>
  )
}

export function AccountPage(props: { id: string }) {
  const [load, reload] = useLoad(() => loadPage(props.id), props.id)
  return (
    <Loaded load={load} retry={reload}>
      {(page) => <Profile {...page} />}
    </Loaded>
  )
}
