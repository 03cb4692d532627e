/**
 * @module The policy in force, read for people: tiers, the SLA matrix, business calendars and escalation
 * levels, from the YAML document the server loaded; and a form that checks an edited document with the
 * server's own compiler (POST /v1/policy/validate) without applying it.
 */
import { useContext, useState } from 'preact/hooks'
import { parse } from 'yaml'
import type { z } from 'zod'
import type { policyCheckView } from '../../../src/api/schemas.js'
import { ApiError, api, type PolicySource } from '../api.js'
import { type Lang, LangContext, useT } from '../i18n.js'
import { ErrorBox, Loaded, Section, useLoad } from '../ui.js'

type PolicyCheck = z.output<typeof policyCheckView>

const SEVERITIES = ['P1', 'P2', 'P3', 'P4'] as const
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const

// The document is whatever the operator wrote; every read below checks the shape it finds.
type Doc = Record<string, unknown>
const isObject = (v: unknown): v is Doc => typeof v === 'object' && v !== null && !Array.isArray(v)
const obj = (v: unknown): Doc => (isObject(v) ? v : {})
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : [])
const text = (v: unknown): string =>
  v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v)

const UNITS: Record<string, [string, string]> = {
  W: ['wk', '周'],
  D: ['d', '天'],
  H: ['h', '小时'],
  M: ['min', '分钟'],
  S: ['s', '秒'],
}

/** PT1H → "1 h", P2D → "2 d", PT1H30M → "1 h 30 min"; anything else (months, fractions) as written. */
function humanDuration(iso: unknown, lang: Lang): string {
  const raw = text(iso)
  const m = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(raw)
  if (!m || raw === 'P' || raw.endsWith('T')) return raw
  const parts: string[] = []
  ;(['W', 'D', 'H', 'M', 'S'] as const).forEach((unit, i) => {
    const n = m[i + 1]
    const names = UNITS[unit] as [string, string]
    if (n !== undefined) parts.push(`${Number(n)} ${lang === 'zh' ? names[1] : names[0]}`)
  })
  return parts.join(' ')
}

function Duration(props: { iso: unknown }) {
  const lang = useContext(LangContext)
  const raw = text(props.iso)
  if (raw === '') return <span class="muted">—</span>
  const human = humanDuration(raw, lang)
  return <span title={human === raw ? undefined : raw}>{human}</span>
}

function Tiers(props: { doc: Doc }) {
  const t = useT()
  const tiers = list(props.doc.tiers).map(obj)
  if (tiers.length === 0) return <p class="muted">{t('account.none')}</p>
  return (
    <table class="compact">
      <thead>
        <tr>
          <th scope="col">{t('policy.col.id')}</th>
          <th scope="col">{t('policy.col.name')}</th>
          <th scope="col">{t('policy.col.when')}</th>
          <th scope="col">{t('policy.col.points')}</th>
          <th scope="col">{t('policy.col.calendar')}</th>
        </tr>
      </thead>
      <tbody>
        {tiers.map((tier, i) => (
          <tr key={i}>
            <th scope="row">{text(tier.id)}</th>
            <td>{text(tier.name ?? tier.id)}</td>
            <td>
              <code>{text(tier.when)}</code>
              {tier.explain !== undefined ? <div class="muted small">{text(tier.explain)}</div> : null}
            </td>
            <td>{text(tier.points)}</td>
            <td>{tier.calendar !== undefined ? text(tier.calendar) : <span class="muted">—</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function Matrix(props: { doc: Doc }) {
  const t = useT()
  const matrix = obj(props.doc.matrix)
  // Tiers in policy order, then any matrix row the tier list does not name.
  const order = list(props.doc.tiers).map((x) => text(obj(x).id))
  const rows = [
    ...order.filter((id) => id in matrix),
    ...Object.keys(matrix).filter((id) => !order.includes(id)),
  ]
  if (rows.length === 0) return <p class="muted">{t('account.none')}</p>
  return (
    <table class="compact matrix">
      <thead>
        <tr>
          <th scope="col">{t('policy.col.tier')}</th>
          {SEVERITIES.map((s) => (
            <th scope="col" key={s}>
              {s}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((tier) => (
          <tr key={tier}>
            <th scope="row">{tier}</th>
            {SEVERITIES.map((s) => {
              const cell = obj(obj(matrix[tier])[s])
              return (
                <td key={s}>
                  <div>
                    <span class="muted">{t('policy.firstResponse')}:</span>{' '}
                    <Duration iso={cell.firstResponse} />
                  </div>
                  <div>
                    <span class="muted">{t('policy.resolution')}:</span> <Duration iso={cell.resolution} />
                  </div>
                  {cell.calendar !== undefined ? (
                    <div class="muted small">
                      {t('policy.col.calendar')}: {text(cell.calendar)}
                    </div>
                  ) : null}
                </td>
              )
            })}
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/** "mon–fri 08:00–20:00": runs of consecutive days with the same periods share one entry. */
function weeklyHours(hours: Doc): string {
  const periods = WEEKDAYS.map((d) =>
    list(hours[d])
      .map((p) => `${text(obj(p).start)}–${text(obj(p).end)}`)
      .join(', '),
  )
  const runs: { from: number; to: number; periods: string }[] = []
  periods.forEach((p, i) => {
    if (p === '') return
    const last = runs[runs.length - 1]
    if (last && last.to === i - 1 && last.periods === p) last.to = i
    else runs.push({ from: i, to: i, periods: p })
  })
  return runs
    .map((r) => `${WEEKDAYS[r.from]}${r.to > r.from ? `–${WEEKDAYS[r.to]}` : ''} ${r.periods}`)
    .join('; ')
}

function Calendars(props: { doc: Doc }) {
  const t = useT()
  const calendars = Object.entries(obj(props.doc.calendars))
  if (calendars.length === 0) return <p class="muted">{t('account.none')}</p>
  return (
    <table class="compact">
      <thead>
        <tr>
          <th scope="col">{t('policy.col.id')}</th>
          <th scope="col">{t('policy.col.zone')}</th>
          <th scope="col">{t('policy.col.hours')}</th>
          <th scope="col">{t('policy.col.holidays')}</th>
        </tr>
      </thead>
      <tbody>
        {calendars.map(([id, raw]) => {
          const c = obj(raw)
          const always = c.always === true
          const holidays = list(c.holidays)
          return (
            <tr key={id}>
              <th scope="row">{id}</th>
              <td>{always ? <span class="muted">—</span> : text(c.zone ?? 'UTC')}</td>
              <td>
                {always ? t('policy.always') : weeklyHours(obj(c.hours)) || <span class="muted">—</span>}
              </td>
              <td>
                {always ? <span class="muted">—</span> : null}
                {!always && c.holidaysFile !== undefined ? <code>{text(c.holidaysFile)}</code> : null}
                {!always && holidays.length > 0 ? (
                  <div title={holidays.map(text).join(', ')}>
                    {t('policy.holidayDates', { n: holidays.length })}
                  </div>
                ) : null}
                {!always && c.holidaysFile === undefined && holidays.length === 0 ? (
                  <span class="muted">—</span>
                ) : null}
              </td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}

function Escalation(props: { doc: Doc }) {
  const t = useT()
  const sla = obj(props.doc.sla)
  const levels = list(sla.escalation).map(obj)
  return (
    <>
      <p class="muted small">{t('policy.defaultCalendar', { calendar: text(sla.calendar ?? 'always') })}</p>
      {levels.length === 0 ? (
        <p class="muted">{t('account.none')}</p>
      ) : (
        <table class="compact">
          <thead>
            <tr>
              <th scope="col">{t('policy.col.level')}</th>
              <th scope="col">{t('policy.col.after')}</th>
              <th scope="col">{t('policy.col.notify')}</th>
              <th scope="col">{t('policy.col.points')}</th>
            </tr>
          </thead>
          <tbody>
            {levels.map((l, i) => (
              <tr key={i}>
                <th scope="row">L{text(l.level)}</th>
                <td>
                  <Duration iso={l.after} />
                </td>
                <td>{list(l.notify).map(text).join(', ')}</td>
                <td>{l.points !== undefined ? `+${text(l.points)}` : '0'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  )
}

function Readable(props: { source: PolicySource }) {
  const t = useT()
  let doc: Doc | null
  try {
    const parsed: unknown = parse(props.source.document)
    doc = isObject(parsed) ? parsed : null
  } catch {
    doc = null
  }
  return (
    <>
      <Section title={t('policy.about')} id="policy-about">
        <dl class="facts">
          <dt>{t('policy.name')}</dt>
          <dd>{props.source.name}</dd>
          <dt>{t('policy.version')}</dt>
          <dd>
            <code>{props.source.version}</code>
          </dd>
          <dt>{t('policy.origin')}</dt>
          <dd>
            <code>{props.source.origin}</code>
          </dd>
        </dl>
      </Section>
      {doc === null ? (
        <p class="muted">{t('policy.unreadable')}</p>
      ) : (
        <>
          <Section title={t('policy.tiers')} id="policy-tiers">
            <Tiers doc={doc} />
          </Section>
          <Section title={t('policy.matrix')} id="policy-matrix">
            <Matrix doc={doc} />
          </Section>
          <div class="grid stack">
            <Section title={t('policy.calendars')} id="policy-calendars">
              <Calendars doc={doc} />
            </Section>
            <Section title={t('policy.escalation')} id="policy-escalation">
              <Escalation doc={doc} />
            </Section>
          </div>
        </>
      )}
    </>
  )
}

type Check = { state: 'idle' } | { state: 'ok'; result: PolicyCheck } | { state: 'error'; error: ApiError }

function Validate(props: { document: string }) {
  const t = useT()
  const [document, setDocument] = useState(props.document)
  const [busy, setBusy] = useState(false)
  const [check, setCheck] = useState<Check>({ state: 'idle' })
  const submit = async (e: Event) => {
    e.preventDefault()
    setBusy(true)
    setCheck({ state: 'idle' })
    try {
      const result = await api<PolicyCheck>('POST', '/v1/policy/validate', { document })
      setCheck({ state: 'ok', result })
    } catch (err) {
      setCheck({
        state: 'error',
        error: err instanceof ApiError ? err : new ApiError(0, String(err), null, []),
      })
    } finally {
      setBusy(false)
    }
  }
  return (
    <Section title={t('policy.edit')} id="policy-edit">
      <form onSubmit={submit}>
        <label for="policy-document" class="block">
          {t('policy.document')}
        </label>
        <textarea
          id="policy-document"
          class="policy"
          spellcheck={false}
          value={document}
          onInput={(e) => setDocument(e.currentTarget.value)}
        />
        <div class="actions">
          <button type="submit" disabled={busy}>
            {t('policy.validate')}
          </button>
          {document !== props.document ? (
            <button type="button" disabled={busy} onClick={() => setDocument(props.document)}>
              {t('policy.reset')}
            </button>
          ) : null}
        </div>
      </form>
      <div aria-live="polite">
        {check.state === 'ok' ? (
          <p class="ok-box">
            {t('policy.valid', { name: check.result.name, version: check.result.version })}
          </p>
        ) : null}
      </div>
      {check.state === 'error' ? <ErrorBox error={check.error} /> : null}
    </Section>
  )
}

export function PolicyPage() {
  const t = useT()
  const [load, reload] = useLoad(() => api<PolicySource>('GET', '/v1/policy'), 'policy')
  return (
    <>
      <h1>{t('policy.title')}</h1>
      <Loaded load={load} retry={reload}>
        {(source) => (
          <>
            <Readable source={source} />
            <Validate document={source.document} />
          </>
        )}
      </Loaded>
    </>
  )
}
