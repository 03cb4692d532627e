/**
 * The dashboard in real Chromium (Debian's package, driven by playwright-core) against a real Patron API
 * on loopback: the queue order, the handoff card's reasons, a reply that fulfils the clock on screen,
 * untrusted ticket text shown as text, a bad policy's error line, the Chinese UI, and a readable message
 * when the API refuses.
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { after, before, describe, test } from 'node:test'
import { type Browser, chromium, type Page } from 'playwright-core'
import { call, startTestServer, type TestServer } from '../../src/api/test-server.js'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.js'

const examples = new URL('../../examples/', import.meta.url)
const fixture = (path: string) => JSON.parse(readFileSync(new URL(path, examples), 'utf8'))
let browser: Browser
let s: TestServer
let page: Page
const problems: string[] = []

async function ingest(name: string, overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await call(s.url, 'POST', '/v1/tickets', {
    ...fixture(`tickets/${name}.json`),
    createdAt: new Date().toISOString(),
    ...overrides,
  })
  assert.equal(res.status, 201, JSON.stringify(res.body))
  return res.body.id as string
}

before(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })
  s = await startTestServer({ realClock: true })
  for (const id of ['acme', 'brightpixel', 'hangzhou-yunfan'])
    assert.equal((await call(s.url, 'PUT', `/v1/accounts/${id}`, fixture(`accounts/${id}.json`))).status, 201)
  page = await browser.newPage({ locale: 'en-US', viewport: { width: 1400, height: 900 } })
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`))
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) problems.push(`console: ${m.text()}`)
  })
})
after(async () => {
  await browser?.close()
  await s?.close()
})

describe('the agent queue and the handoff card', () => {
  let acme: string
  before(async () => {
    await ingest('brightpixel-csv-export')
    acme = await ingest('acme-vp-billing')
    await ingest('yunfan-churn-zh')
  })

  test('the queue shows the Acme ticket first, with its tier and a live countdown', async () => {
    await page.goto(`${s.url}/#/queue`)
    const rows = page.locator('tr[data-ticket]')
    await rows.first().waitFor()
    assert.deepEqual(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-ticket'))), [
      'acme-vp-billing',
      'yunfan-churn-zh',
      'brightpixel-csv-export',
    ])
    const first = rows.first()
    assert.match(await first.innerText(), /Enterprise/i)
    const countdown = first.locator('.countdown')
    const before = await countdown.innerText()
    assert.match(before, /left/)
    // The countdown ticks without a reload. (Polled from here: the page's CSP forbids evaluating strings.)
    let after = before
    for (let i = 0; i < 50 && after === before; i++) {
      await page.waitForTimeout(100)
      after = await countdown.innerText()
    }
    assert.notEqual(after, before)
  })

  test('filters and keyboard: j moves down, Enter opens', async () => {
    await page.selectOption('label:has-text("Tier") select', 'starter')
    assert.equal(await page.locator('tr[data-ticket]').count(), 1)
    await page.selectOption('label:has-text("Tier") select', '')
    await page.locator('h1').click()
    await page.keyboard.press('j')
    await page.keyboard.press('Enter')
    await page.waitForURL(/#\/tickets\//)
    await page.locator('h1', { hasText: '关于数据同步失败的问题' }).waitFor()
  })

  test('the handoff card shows the priority reasons, the account and who to loop in', async () => {
    await page.goto(`${s.url}/#/tickets/${acme}`)
    const why = page.locator('section[aria-labelledby="why"]')
    await why.waitFor()
    const reasons = await why.innerText()
    assert.match(reasons, /enterprise/i)
    assert.match(reasons, /\+\d+/)
    const card = await page.locator('.handoff').innerText()
    assert.match(card, /Acme Corp/)
    assert.match(card, /Jordan Ellis/, 'the CSM is named')
    assert.match(card, /Suggested handling/)
  })

  test('recording a reply fulfils the first-response clock on screen', async () => {
    const clock = page.locator('li.clock[data-metric="first_response"]')
    assert.equal(await clock.getAttribute('data-status'), 'running')
    await page.getByRole('button', { name: 'Record agent reply' }).click()
    await page.locator('li.clock[data-metric="first_response"][data-status="fulfilled"]').waitFor()
    assert.match(await page.locator('.ledger').innerText(), /fulfil|met/i)
  })

  test('back in the queue, the answered ticket counts down to the clock due next', async () => {
    await page.goto(`${s.url}/#/queue`)
    const deadline = page.locator('tr[data-ticket="acme-vp-billing"] .deadline')
    await deadline.waitFor()
    const metric = await deadline.getAttribute('data-metric')
    assert.ok(metric && metric !== 'first_response', `deadline metric ${metric}`)
    assert.equal(await deadline.getAttribute('data-status'), 'running')
    assert.match(await deadline.innerText(), /left|overdue/)
    // The Chinese ticket has had no reply: it still counts down to its first response.
    const other = page.locator('tr[data-ticket="yunfan-churn-zh"] .deadline')
    assert.equal(await other.getAttribute('data-metric'), 'first_response')
  })

  test('waiting on the customer pauses the clocks on screen', async () => {
    await page.goto(`${s.url}/#/tickets/${acme}`)
    const resolution = page.locator('li.clock[data-metric="resolution"]')
    await resolution.waitFor()
    assert.equal(await resolution.getAttribute('data-status'), 'running')
    await page.getByRole('button', { name: 'Waiting on customer' }).click()
    await page.locator('li.clock[data-metric="resolution"][data-status="paused"]').waitFor()
    assert.equal(await page.getByTestId('status').innerText(), 'pending')
    assert.match(await page.locator('.ledger').innerText(), /paused .* waiting on customer/)
  })
})

describe("the CSM's notes", () => {
  const dialogs: string[] = []
  let ticket: string
  before(async () => {
    ticket = await ingest('acme-vp-billing', { externalId: 'notes-acme' })
    page.on('dialog', (d) => {
      dialogs.push(d.message())
      void d.dismiss()
    })
  })
  const notes = () => page.locator('ul.notes-list li.note')

  test('a note added on the handoff card shows there with its author', async () => {
    await page.goto(`${s.url}/#/tickets/${ticket}`)
    await page.locator('h3', { hasText: 'CSM notes' }).waitFor()
    assert.match(await page.locator('.notes').innerText(), /No notes yet/)
    await page.getByLabel('Your name').fill('Jordan Ellis')
    const body = 'Renewal negotiation with the CFO under way — do not offer discounts.'
    await page.getByLabel('Note', { exact: true }).fill(body)
    await page.getByRole('button', { name: 'Add note' }).click()
    const note = notes().filter({ hasText: 'Renewal negotiation' })
    await note.waitFor()
    assert.equal(await note.locator('.note-body').innerText(), body)
    assert.match(await note.innerText(), /Jordan Ellis ·/)
    assert.equal(await page.getByLabel('Note', { exact: true }).inputValue(), '', 'the form is ready again')
    // The recommended actions keep their own heading.
    assert.equal(await page.locator('h3', { hasText: 'Recommended actions' }).count(), 1)
  })

  test('markup and markdown in a note render as literal text', async () => {
    const body = '<img src=x onerror=alert(1)> **bold**'
    // The name is remembered from the last note.
    assert.equal(await page.getByLabel('Your name').inputValue(), 'Jordan Ellis')
    await page.getByLabel('Note', { exact: true }).fill(body)
    await page.getByRole('button', { name: 'Add note' }).click()
    const text = notes().locator('.note-body', { hasText: '**bold**' })
    await text.waitFor()
    assert.equal(await text.innerText(), body)
    assert.equal(await page.locator('ul.notes-list img, ul.notes-list strong, ul.notes-list b').count(), 0)
    assert.equal(await notes().count(), 2)
    assert.match(await notes().first().innerText(), /\*\*bold\*\*/, 'newest first')
    assert.deepEqual(dialogs, [], 'no alert ran')
  })

  test('the account page pins, unpins and deletes; the card shows the pinned note first', async () => {
    await page.goto(`${s.url}/#/accounts/acme`)
    const section = page.locator('section[aria-labelledby="notes"]')
    const renewal = section.locator('li.note', { hasText: 'Renewal negotiation' })
    await renewal.waitFor()
    await renewal.getByRole('button', { name: 'Pin' }).click()
    await section.locator('li.note[data-pinned="true"]', { hasText: 'Renewal negotiation' }).waitFor()
    assert.match(await section.locator('li.note').first().innerText(), /Pinned[\s\S]*Renewal negotiation/)

    const markup = section.locator('li.note', { hasText: '**bold**' })
    await markup.getByRole('button', { name: 'Delete' }).click()
    await markup.getByRole('button', { name: 'Delete for good' }).click()
    await markup.waitFor({ state: 'detached' })
    assert.equal(await section.locator('li.note').count(), 1)

    await page.goto(`${s.url}/#/tickets/${ticket}`)
    const first = notes().first()
    await first.waitFor()
    assert.equal(await first.getAttribute('data-pinned'), 'true')
    assert.match(await first.innerText(), /Pinned/)

    await page.goto(`${s.url}/#/accounts/acme`)
    const pinned = page.locator('section[aria-labelledby="notes"] li.note[data-pinned="true"]')
    await pinned.getByRole('button', { name: 'Unpin' }).click()
    await pinned.waitFor({ state: 'detached' })
  })

  test('a note the API refuses shows its reason', async () => {
    await page.goto(`${s.url}/#/accounts/acme`)
    const section = page.locator('section[aria-labelledby="notes"]')
    await section.locator('li.note').first().waitFor()
    // Spaces pass the browser's `required` check; the server names the field and the reason.
    await section.getByLabel('Note', { exact: true }).fill('   ')
    await section.getByRole('button', { name: 'Add note' }).click()
    const alert = section.getByRole('alert')
    await alert.waitFor()
    assert.match(await alert.innerText(), /body[\s\S]*must not be only spaces/)
  })
})

describe('untrusted text and refusals', () => {
  test('a body with <script>, HTML and markdown renders as text', async () => {
    const body =
      '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned=2"> **bold** <b>hi</b>'
    const id = await ingest('brightpixel-csv-export', { externalId: 'xss-1', body, subject: '<i>tags</i>' })
    await page.goto(`${s.url}/#/tickets/${id}`)
    const pre = page.locator('pre.body')
    await pre.waitFor()
    assert.equal(await pre.innerText(), body)
    assert.equal(
      await page.locator('html').evaluate(() => typeof (globalThis as { __pwned?: unknown }).__pwned),
      'undefined',
    )
    assert.equal(await page.locator('pre.body img, pre.body script, h1 i').count(), 0)
    assert.match(await page.locator('h1').innerText(), /<i>tags<\/i>/)
  })

  test('a ticket that does not exist shows the API problem, not a blank page', async () => {
    await page.goto(`${s.url}/#/tickets/6d1f3c57-7a7e-4c4b-9a55-2f4c8e0c1f00`)
    const alert = page.getByRole('alert')
    await alert.waitFor()
    assert.match(await alert.innerText(), /No ticket 6d1f3c57/)
  })

  test('an edited policy with a mistake shows the line and the reason', async () => {
    await page.goto(`${s.url}/#/policy`)
    const editor = page.locator('textarea')
    await editor.waitFor()
    const text = await editor.inputValue()
    assert.match(text, /churnRisk:/)
    await editor.fill(text.replace(/urgentAt: 60/, 'urgentAt: many'))
    await page.getByRole('button', { name: 'Validate' }).click()
    const alert = page.getByRole('alert')
    await alert.waitFor()
    const message = await alert.innerText()
    const line = text.split('\n').findIndex((l) => l.includes('urgentAt: 60')) + 1
    assert.match(message, new RegExp(`line ${line}`))
    assert.match(message, /churnRisk\.urgentAt/)
  })

  test('the Chinese interface', async () => {
    await page.goto(`${s.url}/#/queue`)
    await page.getByRole('button', { name: 'Language' }).click()
    await page.locator('h1', { hasText: '坐席队列' }).waitFor()
    // Screen readers and fonts follow the document's language.
    await page.locator('html[lang="zh-CN"]').waitFor({ state: 'attached' })
    assert.match(await page.locator('nav').innerText(), /客户/)
    await page.getByRole('button', { name: '语言' }).click()
    await page.locator('h1', { hasText: 'Agent queue' }).waitFor()
  })

  test('no script errors and no blocked resources on any page', () => {
    assert.deepEqual(problems, [])
  })
})
