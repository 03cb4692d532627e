/**
 * @module The account list: every account with the tier it is held in, health, churn-risk bucket, the
 * distance to the next tier and the renewal date, filtered by tier and risk bucket on the server.
 */
import { useContext, useState } from 'preact/hooks'
import { type AccountList, ApiError, api, type PolicySource } from '../api.js'
import { date, money } from '../format.js'
import { LangContext, type TextKey, useT } from '../i18n.js'
import { ErrorBox, Loaded, RiskBadge, TierBadge, useLoad } from '../ui.js'

export interface TierRef {
  readonly id: string
  readonly name: string
}

/**
 * The policy's tiers, top first, from the policy in force: their names and the tier filter's choices.
 * Never fails: without the policy, ids stand in.
 */
export async function loadTiers(): Promise<TierRef[]> {
  try {
    return (await api<PolicySource>('GET', '/v1/policy')).tiers
  } catch {
    return []
  }
}

export const tierName = (tiers: readonly TierRef[], id: string): string =>
  tiers.find((t) => t.id === id)?.name ?? id

export const RISK_BUCKETS = ['urgent', 'medium', 'early_warning'] as const

const PAGE = 100

function listPath(tier: string, risk: string, after?: string): string {
  const q = new URLSearchParams({ limit: String(PAGE) })
  if (tier) q.set('tier', tier)
  if (risk) q.set('riskBucket', risk)
  if (after) q.set('after', after)
  return `/v1/accounts?${q}`
}

function Table(props: { first: AccountList; tiers: readonly TierRef[]; tier: string; risk: string }) {
  const t = useT()
  const lang = useContext(LangContext)
  // Further pages, fetched with the cursor; a new filter remounts this table and starts again.
  const [more, setMore] = useState<AccountList[]>([])
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)
  const pages = [props.first, ...more]
  const rows = pages.flatMap((p) => p.accounts)
  const next = pages.at(-1)?.next ?? null
  const loadMore = async () => {
    if (!next) return
    setBusy(true)
    setError(null)
    try {
      const page = await api<AccountList>('GET', listPath(props.tier, props.risk, next))
      setMore((m) => [...m, page])
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, String(e), null, []))
    } finally {
      setBusy(false)
    }
  }
  if (rows.length === 0) return <p class="muted">{t('accounts.empty')}</p>
  return (
    <>
      <table class="accounts rows">
        <caption class="muted small">{t('accounts.shown', { n: rows.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('accounts.col.name')}</th>
            <th scope="col">{t('accounts.col.tier')}</th>
            <th scope="col" class="num">
              {t('accounts.col.arr')}
            </th>
            <th scope="col" class="num">
              {t('accounts.col.health')}
            </th>
            <th scope="col">{t('accounts.col.risk')}</th>
            <th scope="col">{t('accounts.col.next')}</th>
            <th scope="col">{t('accounts.col.renewal')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((a) => (
            <tr key={a.externalId}>
              <th scope="row">
                <a href={`#/accounts/${encodeURIComponent(a.externalId)}`}>{a.name}</a>
              </th>
              <td>
                {a.tier ? (
                  <TierBadge id={a.tier} name={tierName(props.tiers, a.tier)} />
                ) : (
                  <span class="muted">—</span>
                )}
                {a.pendingDowngrade ? (
                  <div class="small warn-text">
                    {t('accounts.pending', {
                      tier: tierName(props.tiers, a.pendingDowngrade.tier),
                      date: date(a.pendingDowngrade.effectiveAt, lang),
                    })}
                  </div>
                ) : null}
              </td>
              <td class="num">{money(a.arr, a.currency, lang)}</td>
              <td class="num">{a.healthScore ?? '—'}</td>
              <td>
                <RiskBadge bucket={a.riskBucket} />
              </td>
              <td class="small">{a.nextTier ?? <span class="muted">—</span>}</td>
              <td>{date(a.renewalDate, lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {next ? (
        <p>
          <button type="button" disabled={busy} onClick={loadMore}>
            {t('accounts.more')}
          </button>
        </p>
      ) : null}
      {error ? <ErrorBox error={error} retry={loadMore} /> : null}
    </>
  )
}

export function AccountsPage() {
  const t = useT()
  const [tier, setTier] = useState('')
  const [risk, setRisk] = useState('')
  const [tiersLoad] = useLoad(loadTiers, 'tiers')
  const tiers = tiersLoad.state === 'ready' ? tiersLoad.data : []
  const key = `${tier}|${risk}`
  const [load, reload] = useLoad(() => api<AccountList>('GET', listPath(tier, risk)), key)
  return (
    <>
      <h1>{t('accounts.title')}</h1>
      <div class="filters">
        <label>
          {t('accounts.filter.tier')}
          <select value={tier} onChange={(e) => setTier((e.target as HTMLSelectElement).value)}>
            <option value="">{t('accounts.filter.all')}</option>
            {tiers.map((x) => (
              <option key={x.id} value={x.id}>
                {x.name}
              </option>
            ))}
            {/* A tier chosen before the policy loaded (or no longer in it) stays selectable. */}
            {tier && !tiers.some((x) => x.id === tier) ? <option value={tier}>{tier}</option> : null}
          </select>
        </label>
        <label>
          {t('accounts.filter.risk')}
          <select value={risk} onChange={(e) => setRisk((e.target as HTMLSelectElement).value)}>
            <option value="">{t('accounts.filter.all')}</option>
            {RISK_BUCKETS.map((b) => (
              <option key={b} value={b}>
                {t(`risk.${b}` as TextKey)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <Loaded load={load} retry={reload}>
        {(first) => <Table key={key} first={first} tiers={tiers} tier={tier} risk={risk} />}
      </Loaded>
    </>
  )
}
