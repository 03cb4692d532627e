/** @module Small pieces every page uses: loading data from the API, errors, badges, reasons. */
import type { ComponentChildren } from 'preact'
import { useCallback, useContext, useEffect, useId, useState } from 'preact/hooks'
import { ApiError } from './api.js'
import { duration } from './format.js'
import { LangContext, type TextKey, useT } from './i18n.js'
import { urgency, useNow } from './live-clock.js'

export const METRICS = ['first_response', 'next_response', 'periodic_update', 'resolution'] as const

/** An SLA metric's name in the chosen language; an unknown one as the server sent it. */
export function metricName(metric: string, t: ReturnType<typeof useT>): string {
  return (METRICS as readonly string[]).includes(metric) ? t(`board.metric.${metric}` as TextKey) : metric
}

export type Load<T> =
  | { readonly state: 'loading' }
  | { readonly state: 'error'; readonly error: ApiError }
  | { readonly state: 'ready'; readonly data: T }

/** Loads `fetcher()` when `key` changes; `reload` fetches again without showing a spinner. */
export function useLoad<T>(fetcher: () => Promise<T>, key: string): [Load<T>, () => Promise<void>] {
  const [load, setLoad] = useState<Load<T>>({ state: 'loading' })
  // Depends on `key` alone: it names what the fetcher reads (a new fetcher closure each render is the same fetch)
  const run = useCallback(async () => {
    try {
      setLoad({ state: 'ready', data: await fetcher() })
    } catch (e) {
      setLoad({ state: 'error', error: e instanceof ApiError ? e : new ApiError(0, String(e), null, []) })
    }
  }, [key])
  useEffect(() => {
    setLoad({ state: 'loading' })
    void run()
  }, [run])
  return [load, run]
}

export function ErrorBox(props: { error: ApiError; retry?: () => void }) {
  const t = useT()
  const e = props.error
  return (
    <div class="error" role="alert">
      <strong>
        {t('error.title')}: {e.title}
      </strong>
      {e.detail && e.detail !== e.title ? <p>{e.detail}</p> : null}
      {e.errors.length > 0 ? (
        <ul>
          {e.errors.map((f) => (
            <li key={`${f.field}${f.line ?? ''}`}>
              {f.line ? `${t('policy.line', { line: f.line })}: ` : ''}
              <code>{f.field}</code> {f.reason}
            </li>
          ))}
        </ul>
      ) : null}
      {props.retry ? (
        <button type="button" onClick={props.retry}>
          {t('retry')}
        </button>
      ) : null}
    </div>
  )
}

/** Renders the children with the loaded data, or the spinner, or the error. */
export function Loaded<T>(props: {
  load: Load<T>
  retry?: () => void
  children: (data: T) => ComponentChildren
}) {
  const t = useT()
  if (props.load.state === 'loading')
    return (
      <p class="muted" aria-live="polite">
        {t('loading')}
      </p>
    )
  if (props.load.state === 'error')
    return <ErrorBox error={props.load.error} {...(props.retry ? { retry: props.retry } : {})} />
  return <>{props.children(props.load.data)}</>
}

export function TierBadge(props: { id: string; name: string }) {
  return (
    <span class={`badge tier tier-${props.id.replace(/[^a-z0-9-]/gi, '')}`} title={props.id}>
      {props.name}
    </span>
  )
}

export function RiskBadge(props: { bucket: string | null }) {
  if (!props.bucket) return <span class="muted">—</span>
  return <span class={`badge risk risk-${props.bucket}`}>{props.bucket.replace('_', ' ')}</span>
}

export interface Reason {
  readonly factor: string
  readonly points?: number | undefined
  readonly text: string
}

/** The steps of a decision, in the words the server wrote, with the points each one moved. */
export function Reasons(props: { reasons: readonly Reason[] }) {
  return (
    <ul class="reasons">
      {props.reasons.map((r, i) => (
        // Keyed by index: reasons have no id and never reorder
        <li key={i}>
          {r.points !== undefined ? (
            <span class={`points ${r.points >= 0 ? 'up' : 'down'}`}>
              {r.points >= 0 ? `+${r.points}` : r.points}
            </span>
          ) : null}
          <span>{r.text}</span>
        </li>
      ))}
    </ul>
  )
}

/**
 * A card with a heading that names it. Without `id`, the heading's id is generated: unique on the page
 * whatever the title (titles in Chinese have no \w characters to build one from).
 */
export function Section(props: { title: string; children: ComponentChildren; id?: string }) {
  const generated = useId()
  const id = props.id ?? generated
  return (
    <section class="card" aria-labelledby={id}>
      <h2 id={id}>{props.title}</h2>
      {props.children}
    </section>
  )
}

/** Time left to `due`, or how long overdue, ticking; coloured as it nears and passes the deadline. */
export function Countdown(props: { due: string; targetMs?: number }) {
  const t = useT()
  const lang = useContext(LangContext)
  const now = useNow()
  const due = Date.parse(props.due)
  const left = due - now
  return (
    <span class={`countdown ${urgency(due, now, props.targetMs)}`} title={props.due}>
      {left < 0 ? t('sla.overdue', { d: duration(-left, lang) }) : t('sla.left', { d: duration(left, lang) })}
    </span>
  )
}
