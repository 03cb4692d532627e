/**
 * @module The CSM's notes on an account, as the handoff card and the account page show them: pinned
 * first, then newest, each with its author and date, and a form to add one. The account page can also pin,
 * unpin and delete. A note is untrusted text: it is rendered as text, never as markup.
 */
import { useContext, useEffect, useState } from 'preact/hooks'
import { ApiError, api, type Note, type NoteList } from './api.js'
import { dateTime } from './format.js'
import { LangContext, useT } from './i18n.js'
import { ErrorBox } from './ui.js'

/** The last name used in the form, so a CSM adding several notes types it once per browser. */
const AUTHOR_KEY = 'patron.noteAuthor'

const asApiError = (e: unknown) => (e instanceof ApiError ? e : new ApiError(0, String(e), null, []))

const notesPath = (externalId: string) => `/v1/accounts/${encodeURIComponent(externalId)}/notes`

function AddNote(props: { externalId: string; onAdded: () => Promise<void> }) {
  const t = useT()
  const [author, setAuthor] = useState(() => localStorage.getItem(AUTHOR_KEY) ?? '')
  const [body, setBody] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)
  const [added, setAdded] = useState(false)
  const submit = async (e: Event) => {
    e.preventDefault()
    setBusy(true)
    setError(null)
    setAdded(false)
    try {
      await api<Note>('POST', notesPath(props.externalId), { body, author: { name: author.trim() } })
      localStorage.setItem(AUTHOR_KEY, author.trim())
      setBody('')
      setAdded(true)
      await props.onAdded()
    } catch (err) {
      setError(asApiError(err))
    } finally {
      setBusy(false)
    }
  }
  return (
    <form class="note-form" onSubmit={submit}>
      <label>
        {t('notes.author')}
        <input
          name="author"
          value={author}
          maxLength={200}
          autoComplete="name"
          required
          onInput={(e) => setAuthor(e.currentTarget.value)}
        />
      </label>
      <label>
        {t('notes.body')}
        <textarea
          name="body"
          value={body}
          maxLength={4000}
          rows={3}
          required
          onInput={(e) => setBody(e.currentTarget.value)}
        />
      </label>
      <div class="actions">
        <button type="submit" disabled={busy}>
          {t('notes.add')}
        </button>
        <span aria-live="polite" class="muted">
          {added ? t('notes.added') : ''}
        </span>
      </div>
      {error ? <ErrorBox error={error} /> : null}
    </form>
  )
}

/** Pin or unpin, and delete in two steps: a note deleted is gone for good. */
function NoteActions(props: { externalId: string; note: Note; onChanged: () => Promise<void> }) {
  const t = useT()
  const [busy, setBusy] = useState(false)
  const [confirming, setConfirming] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)
  const path = `${notesPath(props.externalId)}/${encodeURIComponent(props.note.id)}`
  const run = async (method: 'PATCH' | 'DELETE', body?: unknown) => {
    setBusy(true)
    setError(null)
    try {
      await api(method, path, body)
      await props.onChanged()
    } catch (err) {
      setError(asApiError(err))
    } finally {
      setBusy(false)
      setConfirming(false)
    }
  }
  return (
    <>
      <span class="note-actions">
        <button type="button" disabled={busy} onClick={() => run('PATCH', { pinned: !props.note.pinned })}>
          {props.note.pinned ? t('notes.unpin') : t('notes.pin')}
        </button>
        {confirming ? (
          <>
            <button type="button" class="danger" disabled={busy} onClick={() => run('DELETE')}>
              {t('notes.confirmDelete')}
            </button>
            <button type="button" disabled={busy} onClick={() => setConfirming(false)}>
              {t('notes.cancel')}
            </button>
          </>
        ) : (
          <button type="button" disabled={busy} onClick={() => setConfirming(true)}>
            {t('notes.delete')}
          </button>
        )}
      </span>
      {error ? <ErrorBox error={error} /> : null}
    </>
  )
}

/**
 * `initial`: the notes the profile carried. `manage` (the account page) reads every note and offers pin,
 * unpin and delete; without it (the handoff card) the list stays as short as the profile's and links to
 * the account page when there are more.
 */
export function Notes(props: { externalId: string; initial: NoteList; manage?: boolean }) {
  const t = useT()
  const lang = useContext(LangContext)
  const [list, setList] = useState<NoteList>(props.initial)
  const [error, setError] = useState<ApiError | null>(null)
  const limit = props.manage ? 500 : Math.max(props.initial.items.length, 5)
  const reload = async () => {
    try {
      setList(await api<NoteList>('GET', `${notesPath(props.externalId)}?limit=${limit}`))
      setError(null)
    } catch (err) {
      setError(asApiError(err))
    }
  }
  // Once, when the page opens: the profile carried only the latest few.
  useEffect(() => {
    if (props.manage && props.initial.total > props.initial.items.length) void reload()
  }, [])
  return (
    <div class="notes">
      {list.items.length === 0 ? <p class="muted">{t('notes.none')}</p> : null}
      <ul class="notes-list">
        {list.items.map((n) => (
          <li
            key={n.id}
            class={n.pinned ? 'note pinned' : 'note'}
            data-note={n.id}
            data-pinned={String(n.pinned)}
          >
            {n.pinned ? <span class="badge pinned">{t('notes.pinned')}</span> : null}
            {/* Untrusted: a text node, whatever it contains. */}
            <p class="note-body">{n.body}</p>
            <span class="muted small">
              {n.author.name}
              {n.author.email ? ` <${n.author.email}>` : ''} · {dateTime(n.createdAt, lang)}
            </span>
            {props.manage ? <NoteActions externalId={props.externalId} note={n} onChanged={reload} /> : null}
          </li>
        ))}
      </ul>
      {list.total > list.items.length ? (
        <p class="muted small">
          {t('notes.more', { shown: list.items.length, total: list.total })}{' '}
          {props.manage ? null : (
            <a href={`#/accounts/${encodeURIComponent(props.externalId)}`}>{t('notes.all')}</a>
          )}
        </p>
      ) : null}
      {error ? <ErrorBox error={error} retry={reload} /> : null}
      <AddNote externalId={props.externalId} onAdded={reload} />
    </div>
  )
}
