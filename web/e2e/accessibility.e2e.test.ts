/**
 * The dashboard's accessibility in real Chromium over the demo data: axe-core (WCAG 2.0 and 2.1, levels A
 * and AA) finds no violation on any page, in English and in Chinese; and the keyboard reaches the skip link,
 * the main navigation and the language switch first, in that order, and the skip link lands in the page.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { AxeBuilder } from '@axe-core/playwright'
import type { AxeResults } from 'axe-core'
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'
import { call, startTestServer, type TestServer } from '../../src/api/test-server.js'
import { seedDemoData } from '../../src/main.js'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.js'

const WCAG_A_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']

let browser: Browser
let s: TestServer
let context: BrowserContext
let page: Page
/** The queue's first ticket: the handoff card shown. */
let top: { id: string }
const problems: string[] = []

before(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })
  s = await startTestServer({ realClock: true })
  await seedDemoData(s.deps)
  const first = (await call(s.url, 'GET', '/v1/queue?limit=1')).body.items[0]
  assert.ok(first, 'the demo has open tickets')
  top = { id: first.id }
  // No `bypassCSP`: axe's source goes in through the DevTools protocol (Playwright's evaluate), which the
  // page's Content-Security-Policy does not govern, so the pages are checked under the CSP users get.
  context = await browser.newContext({
    locale: 'en-US',
    viewport: { width: 1400, height: 900 },
    // Charts draw at once, so axe sees the page as it stays.
    reducedMotion: 'reduce',
  })
  page = await context.newPage()
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`))
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`)
  })
})
after(async () => {
  await browser?.close()
  await s?.close()
})

/** One line per violation and one per offending element, readable in a failed assertion. */
function report(results: AxeResults): string {
  return results.violations
    .map((v) => {
      const nodes = v.nodes.map((n) => `    ${n.target.join(' ')}: ${n.failureSummary?.replace(/\s+/g, ' ')}`)
      return `${v.id} (${v.impact}): ${v.help} <${v.helpUrl}>\n${nodes.join('\n')}`
    })
    .join('\n')
}

async function assertAccessible(what: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_A_AA).analyze()
  assert.ok(results.passes.length > 0, 'axe ran its checks')
  assert.equal(results.violations.length, 0, `axe on ${what}:\n${report(results)}`)
}

/** Loads the page afresh: going from one hash to another in the same document would keep the focus. */
async function open(hash: string, ready: string): Promise<void> {
  await page.goto('about:blank')
  await page.goto(`${s.url}/${hash}`)
  await page.locator(ready).first().waitFor()
}

describe('axe finds no WCAG 2.1 A or AA violation', () => {
  test('the queue', async () => {
    await open('#/queue', 'tr[data-ticket]')
    await assertAccessible('the queue')
  })

  test('the handoff card of the top ticket', async () => {
    await open(`#/tickets/${encodeURIComponent(top.id)}`, '.handoff')
    await page.locator('section[aria-labelledby="why"]').waitFor()
    await assertAccessible('the handoff card')
  })

  test('the SLA board', async () => {
    await open('#/sla', 'canvas')
    await assertAccessible('the SLA board')
  })

  test('the accounts', async () => {
    await open('#/accounts', 'table.accounts tbody tr')
    await assertAccessible('the accounts')
  })

  test('an account page', async () => {
    await open('#/accounts/acme', 'canvas')
    await page.locator('section[aria-labelledby="notes"]').waitFor()
    await assertAccessible('the account page')
  })

  test('the VIP report', async () => {
    await open('#/vip', 'table.vip')
    await assertAccessible('the VIP report')
  })

  test('the policy', async () => {
    await open('#/policy', 'textarea')
    await assertAccessible('the policy')
  })

  test('the queue in Chinese', async () => {
    await open('#/queue', 'tr[data-ticket]')
    await page.getByRole('button', { name: 'Language' }).click()
    await page.locator('h1', { hasText: '坐席队列' }).waitFor()
    await page.locator('html[lang="zh-CN"]').waitFor({ state: 'attached' })
    await assertAccessible('the queue in Chinese')
  })

  test('the handoff card in Chinese, each section named by its own heading', async () => {
    await open(`#/tickets/${encodeURIComponent(top.id)}`, '.handoff')
    await page.locator('h2', { hasText: '优先级原因' }).waitFor()
    await assertAccessible('the handoff card in Chinese')
    // Headings in Chinese once all gave their sections the same id, so every section bore the first's name.
    const names = await page
      .locator('section[aria-labelledby]')
      .evaluateAll((sections) =>
        sections.map((e) => [e.getAttribute('aria-labelledby'), e.querySelector('h2')?.id ?? null]),
      )
    assert.ok(names.length >= 5, `${names.length} sections`)
    for (const [labelledBy, heading] of names) assert.equal(labelledBy, heading)
    assert.equal(new Set(names.map(([id]) => id)).size, names.length, 'each section has its own heading id')
    await page.getByRole('button', { name: '语言' }).click()
    await page.locator('h2', { hasText: 'Why this priority' }).waitFor()
  })
})

/** What has the keyboard focus: its tag, its text and where it leads. */
async function focused(p: Page) {
  const f = p.locator(':focus')
  return {
    tag: await f.evaluate((e) => e.tagName.toLowerCase()),
    text: (await f.innerText()).trim(),
    href: await f.getAttribute('href'),
    id: (await f.getAttribute('id')) ?? '',
  }
}

/** Whether the focus is on something inside the page's main content. */
const focusInMain = async (p: Page) => (await p.locator('main :focus').count()) === 1

/** The header's stops, in the order Tab reaches them from page load, and the first stop after them. */
async function tabOrder(): Promise<string[]> {
  const stops: string[] = []
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press('Tab')
    const f = await focused(page)
    // A link by its text and target; anything else by its role and accessible name, as a screen reader says it.
    stops.push(
      f.tag === 'a'
        ? `${f.text} ${f.href}`
        : ((await page.locator(':focus').ariaSnapshot()).split('\n')[0] ?? ''),
    )
  }
  return stops
}

const HEADER = [
  'Skip to content #main',
  'Queue #/queue',
  'SLA board #/sla',
  'Accounts #/accounts',
  'VIP report #/vip',
  'Policy #/policy',
  '- button "中文 (Language)"',
]

describe('the keyboard', () => {
  test('from page load, Tab reaches the skip link, the main navigation in order, the language switch, then the page', async () => {
    const pages: [string, string, RegExp][] = [
      [`#/tickets/${encodeURIComponent(top.id)}`, '.handoff', /^← Back to the queue #\/queue$/],
      // The breached and warning lists scroll: the first takes focus itself, to be scrolled by keys.
      ['#/sla', 'canvas', /^- list /],
      ['#/accounts', 'table.accounts tbody tr', /^- combobox /],
      ['#/accounts/acme', 'canvas', /^← All accounts #\/accounts$/],
      ['#/vip', 'table.vip', / #\/accounts\/[^/]+$/],
      ['#/policy', 'textarea', /^- textbox /],
    ]
    for (const [hash, ready, next] of pages) {
      await open(hash, ready)
      const stops = await tabOrder()
      assert.deepEqual(stops.slice(0, 7), HEADER, `the header's order on ${hash}`)
      assert.match(stops[7] ?? '', next, `after the header on ${hash}`)
      assert.ok(await focusInMain(page), `then focus is in the page on ${hash}`)
    }
  })

  test('the queue, too, leaves focus at the top of the page on load', async () => {
    await open('#/queue', 'tr[data-ticket]')
    assert.deepEqual((await tabOrder()).slice(0, 7), HEADER)
  })

  test('the skip link is seen when focused and moves focus to the page without leaving it', async () => {
    await open('#/sla', 'canvas')
    await page.keyboard.press('Tab')
    assert.equal((await focused(page)).text, 'Skip to content')
    assert.ok(await page.locator('a.skip').isVisible(), 'the focused skip link is on screen')
    await page.keyboard.press('Enter')
    assert.equal((await focused(page)).id, 'main')
    assert.match(page.url(), /#\/sla$/)
    await page.locator('h1', { hasText: 'SLA board' }).waitFor()
    await page.keyboard.press('Tab')
    assert.ok(await focusInMain(page), 'the next Tab goes on inside the page, not back to the header')
  })

  test('on the queue, Enter on the language switch switches the language rather than opening a ticket', async () => {
    await open('#/queue', 'tr[data-ticket]')
    await page.getByRole('button', { name: 'Language' }).focus()
    await page.keyboard.press('Enter')
    await page.locator('h1', { hasText: '坐席队列' }).waitFor()
    assert.match(page.url(), /#\/queue$/)
    // The skip link and the switch speak the chosen language; the switch names the other one in its own.
    assert.equal(await page.locator('a.skip').innerText(), '跳到正文')
    assert.equal(await page.locator('nav').getAttribute('aria-label'), '主导航')
    assert.equal(await page.locator('button.lang [lang="en"]').innerText(), 'English')
    await page.getByRole('button', { name: '语言' }).focus()
    await page.keyboard.press('Enter')
    await page.locator('h1', { hasText: 'Agent queue' }).waitFor()
    assert.equal(await page.locator('button.lang [lang="zh-CN"]').innerText(), '中文')
  })

  test('no script errors on any page', () => {
    assert.deepEqual(problems, [])
  })
})
