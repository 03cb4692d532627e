/**
 * @module The weekly VIP health report, as each CSM receives it: their accounts in the report's tiers,
 * most urgent risk first, with health and its four-week trend, churn risk, open escalations, renewal and
 * what to do this week.
 */
import { useContext } from 'preact/hooks'
import { api, type VipReport } from '../api.js'
import { date, dateTime } from '../format.js'
import { LangContext, useT } from '../i18n.js'
import { Loaded, RiskBadge, Section, TierBadge, useLoad } from '../ui.js'

type Group = VipReport['groups'][number]
type Row = Group['accounts'][number]
type Summary = VipReport['summary']

function SummaryLine(props: { summary: Summary }) {
  const t = useT()
  const s = props.summary
  return (
    <p class="muted">
      {t('vip.summary', {
        accounts: s.accounts,
        urgent: s.urgent,
        medium: s.medium,
        early: s.earlyWarning,
        esc: s.openEscalations,
        renewing: s.renewingIn90Days,
      })}
    </p>
  )
}

function Trend(props: { health: Row['health'] }) {
  const t = useT()
  const h = props.health
  const d = h.trend?.delta
  return (
    <>
      {d === undefined ? (
        <span class="muted">—</span>
      ) : (
        <span class={`trend ${d > 0 ? 'up' : d < 0 ? 'down' : 'flat'}`}>
          {d > 0 ? `▲ +${d}` : d < 0 ? `▼ ${d}` : '± 0'}
        </span>
      )}
      <div class="muted small">{t('vip.weekly', { scores: h.weekly.map((w) => w ?? '–').join(' · ') })}</div>
    </>
  )
}

function AccountRow(props: { row: Row }) {
  const t = useT()
  const lang = useContext(LangContext)
  const a = props.row
  return (
    <tr>
      <th scope="row">
        <a href={`#/accounts/${encodeURIComponent(a.externalId)}`}>{a.name}</a>
        <div>
          <TierBadge id={a.tier.id} name={a.tier.name} /> <span class="muted small">{a.arrText}</span>
        </div>
        {a.pendingDowngrade ? (
          <div class="small warn-text">
            {t('vip.pending', {
              tier: a.pendingDowngrade.tierName,
              date: date(a.pendingDowngrade.effectiveAt, lang),
            })}
          </div>
        ) : null}
      </th>
      <td class="num">{a.health.score ?? '—'}</td>
      <td>
        <Trend health={a.health} />
      </td>
      <td>
        <RiskBadge bucket={a.risk.bucket} />{' '}
        {a.risk.score !== null ? <span class="muted small">{a.risk.score}/100</span> : null}
        {a.risk.factors.length > 0 ? (
          <ul class="plain small">
            {a.risk.factors.map((f) => (
              <li key={`${f.factor}${f.text}`}>{f.text}</li>
            ))}
          </ul>
        ) : null}
      </td>
      <td class="num">{a.openEscalations > 0 ? <span class="badge breach">{a.openEscalations}</span> : 0}</td>
      <td>
        {a.renewal ? (
          <>
            {date(a.renewal.date, lang)}
            <div class="muted small">
              {a.renewal.inDays >= 0
                ? t('vip.inDays', { n: a.renewal.inDays })
                : t('vip.daysAgo', { n: -a.renewal.inDays })}
            </div>
          </>
        ) : (
          '—'
        )}
      </td>
      <td>
        {a.actions.length > 0 ? (
          <ul class="tight">
            {a.actions.map((x) => (
              <li key={x}>{x}</li>
            ))}
          </ul>
        ) : (
          <span class="muted">{t('account.none')}</span>
        )}
      </td>
    </tr>
  )
}

function GroupTable(props: { group: Group; index: number }) {
  const t = useT()
  const g = props.group
  return (
    <Section title={g.csm ? g.csm.name : t('vip.noCsm')} id={`csm-${props.index}`}>
      {g.csm ? <p class="muted small">{g.csm.email}</p> : null}
      <SummaryLine summary={g.summary} />
      <div class="scroll-x">
        <table class="vip rows">
          <colgroup>
            <col class="w-account" />
            <col class="w-num" />
            <col class="w-trend" />
            <col class="w-risk" />
            <col class="w-num" />
            <col class="w-renewal" />
            <col class="w-actions" />
          </colgroup>
          <thead>
            <tr>
              <th scope="col">{t('vip.col.account')}</th>
              <th scope="col" class="num">
                {t('vip.col.health')}
              </th>
              <th scope="col">{t('vip.col.trend')}</th>
              <th scope="col">{t('vip.col.risk')}</th>
              <th scope="col" class="num">
                {t('vip.col.escalations')}
              </th>
              <th scope="col">{t('vip.col.renewal')}</th>
              <th scope="col">{t('vip.col.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {g.accounts.map((a) => (
              <AccountRow key={a.accountId} row={a} />
            ))}
          </tbody>
        </table>
      </div>
    </Section>
  )
}

function Report(props: { report: VipReport }) {
  const t = useT()
  const lang = useContext(LangContext)
  const r = props.report
  return (
    <>
      <p class="muted">{t('vip.week', { week: r.week, at: dateTime(r.generatedAt, lang) })}</p>
      <p>
        {t('vip.tiers')}:{' '}
        {r.tiers.map((x) => (
          <TierBadge key={x.id} id={x.id} name={x.name} />
        ))}
      </p>
      <SummaryLine summary={r.summary} />
      {r.groups.length === 0 ? <p class="muted">{t('vip.empty')}</p> : null}
      {r.groups.map((g, i) => (
        <GroupTable key={g.csm?.email ?? 'no-csm'} group={g} index={i} />
      ))}
    </>
  )
}

export function VipReportPage() {
  const t = useT()
  const [load, reload] = useLoad(() => api<VipReport>('GET', '/v1/reports/vip-health'), 'vip')
  return (
    <>
      <h1>{t('vip.title')}</h1>
      <Loaded load={load} retry={reload}>
        {(report) => <Report report={report} />}
      </Loaded>
    </>
  )
}
