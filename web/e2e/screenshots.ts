/**
 * Screenshots of every dashboard page over the demo data, for the README: `npm run screenshots`
 * (needs Debian's chromium). Writes docs/screenshots/*.png.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import { call, startTestServer } from '../../src/api/test-server.js'
import { seedDemoData } from '../../src/main.js'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.js'

const dir = process.argv[2] ?? 'docs/screenshots'
mkdirSync(dir, { recursive: true })
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })
const demo = await startTestServer({ realClock: true })
try {
  await seedDemoData(demo.deps)
  const page = await browser.newPage({ locale: 'en-US', viewport: { width: 1400, height: 900 } })
  const top = (await call(demo.url, 'GET', '/v1/queue?limit=1')).body.items[0]
  const pages: [string, string, string][] = [
    ['queue', '#/queue', 'tr[data-ticket]'],
    ['handoff-card', `#/tickets/${top.id}`, '.handoff'],
    ['sla-board', '#/sla', 'canvas'],
    ['accounts', '#/accounts', 'table'],
    ['account', '#/accounts/acme', 'canvas'],
    ['vip-report', '#/vip', 'h1'],
    ['policy', '#/policy', 'textarea'],
  ]
  for (const [name, hash, ready] of pages) {
    // The account page's story (notes, then health falling) needs more height than the others.
    await page.setViewportSize({ width: 1400, height: name === 'account' ? 1400 : 900 })
    await page.goto(`${demo.url}/${hash}`)
    await page.locator(ready).first().waitFor()
    await page.waitForTimeout(800) // charts animate in
    await page.screenshot({ path: join(dir, `${name}.png`) })
    process.stdout.write(`${join(dir, `${name}.png`)}\n`)
  }
  await page.goto(`${demo.url}/#/queue`)
  await page.getByRole('button', { name: 'Language' }).click()
  await page.locator('h1', { hasText: '坐席队列' }).waitFor()
  await page.screenshot({ path: join(dir, 'queue-zh.png') })
  process.stdout.write(`${join(dir, 'queue-zh.png')}\n`)
} finally {
  await browser.close()
  await demo.close()
}
