/**
 * @module The dashboard's shell: navigation, language switch, the API token when the server wants one,
 * and a hash router (#/queue, #/tickets/ID, #/sla, #/accounts, #/accounts/ID, #/vip, #/policy).
 */
import './styles.css'
import { render } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import { token } from './api.js'
import { initialLang, type Lang, LangContext, type TextKey, translate } from './i18n.js'
import { AccountPage } from './pages/account.js'
import { AccountsPage } from './pages/accounts.js'
import { PolicyPage } from './pages/policy.js'
import { QueuePage } from './pages/queue.js'
import { SlaBoardPage } from './pages/sla-board.js'
import { TicketPage } from './pages/ticket.js'
import { VipReportPage } from './pages/vip-report.js'

function useHash(): string {
  const [hash, setHash] = useState(location.hash || '#/queue')
  useEffect(() => {
    const on = () => setHash(location.hash || '#/queue')
    addEventListener('hashchange', on)
    return () => removeEventListener('hashchange', on)
  }, [])
  return hash
}

function route(hash: string) {
  const path = hash.replace(/^#/, '')
  const [, first, second] = path.split('/')
  const id = second ? decodeURIComponent(second) : undefined
  switch (first) {
    case 'tickets':
      return id ? <TicketPage id={id} /> : <QueuePage />
    case 'sla':
      return <SlaBoardPage />
    case 'accounts':
      return id ? <AccountPage id={id} /> : <AccountsPage />
    case 'vip':
      return <VipReportPage />
    case 'policy':
      return <PolicyPage />
    default:
      return <QueuePage />
  }
}

const NAV: [string, TextKey][] = [
  ['#/queue', 'nav.queue'],
  ['#/sla', 'nav.sla'],
  ['#/accounts', 'nav.accounts'],
  ['#/vip', 'nav.vip'],
  ['#/policy', 'nav.policy'],
]

function TokenForm(props: { lang: Lang; onSaved: () => void }) {
  const t = (k: TextKey) => translate(props.lang, k)
  const [value, setValue] = useState('')
  return (
    <form
      class="card token"
      onSubmit={(e) => {
        e.preventDefault()
        token.set(value.trim())
        props.onSaved()
      }}
    >
      <h2>{t('token.title')}</h2>
      <label>
        {t('token.label')}
        <input
          type="password"
          value={value}
          onInput={(e) => setValue(e.currentTarget.value)}
          autoComplete="off"
          required
        />
      </label>
      <button type="submit">{t('token.save')}</button>
    </form>
  )
}

function App() {
  const hash = useHash()
  const [lang, setLang] = useState<Lang>(initialLang)
  const [needsToken, setNeedsToken] = useState(false)
  const [generation, setGeneration] = useState(0)
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en'
    localStorage.setItem('patron.lang', lang)
  }, [lang])
  useEffect(() => {
    const on = (e: Event) => {
      if ((e as CustomEvent<number>).detail === 401) setNeedsToken(true)
    }
    addEventListener('patron:api-status', on)
    return () => removeEventListener('patron:api-status', on)
  }, [])
  const current =
    NAV.find(([href]) => hash.startsWith(href))?.[0] ?? (hash.startsWith('#/tickets') ? '#/queue' : '')
  return (
    <LangContext.Provider value={lang}>
      {/* biome-ignore lint/a11y/useValidAnchor: a skip link to #main; the router owns the hash, so it moves focus itself */}
      <a
        class="skip"
        href="#main"
        onClick={(e) => {
          e.preventDefault()
          document.getElementById('main')?.focus()
        }}
      >
        {translate(lang, 'skip')}
      </a>
      <header class="top">
        <span class="brand">{translate(lang, 'app.title')}</span>
        <nav aria-label={translate(lang, 'nav.label')}>
          {NAV.map(([href, key]) => (
            <a key={href} href={href} aria-current={current === href ? 'page' : undefined}>
              {translate(lang, key)}
            </a>
          ))}
        </nav>
        {/* Its name starts with what it shows (the other language's name, spoken in that language). Keys
            pressed on it are its own: Enter presses it and never reaches a page's shortcuts (the queue opens
            its current ticket on Enter). */}
        <button
          type="button"
          class="lang"
          onClick={() => setLang(lang === 'en' ? 'zh' : 'en')}
          onKeyDown={(e) => e.stopPropagation()}
        >
          <span lang={lang === 'en' ? 'zh-CN' : 'en'}>{translate(lang, 'lang.switch')}</span>
          <span class="visually-hidden">{translate(lang, 'lang.label')}</span>
        </button>
      </header>
      <main id="main" tabIndex={-1} key={`${hash}:${generation}`}>
        {needsToken ? (
          <TokenForm
            lang={lang}
            onSaved={() => {
              setNeedsToken(false)
              setGeneration((g) => g + 1)
            }}
          />
        ) : (
          route(hash)
        )}
      </main>
    </LangContext.Provider>
  )
}

render(<App />, document.getElementById('app') as HTMLElement)
