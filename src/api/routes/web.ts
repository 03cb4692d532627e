/**
 * @module The dashboard: one HTML page and its script and styles, served on the API's port. The script
 * is bundled from web/src by esbuild once, on the first request (or at start-up through `warmDashboard`),
 * and kept in memory; the page talks to the public /v1 API like any other client.
 */
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import type { FastifyPluginAsync } from 'fastify'

const WEB = fileURLToPath(new URL('../../../web/', import.meta.url))

interface Bundle {
  readonly html: string
  readonly js: string
  readonly css: string
}

/**
 * Scripts and styles from this origin only: ticket text is untrusted, and even if some of it reached the
 * page as markup, no inline script or foreign source could run.
 */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ')

async function bundle(): Promise<Bundle> {
  const result = await build({
    entryPoints: [`${WEB}src/main.tsx`],
    bundle: true,
    write: false,
    format: 'esm',
    target: 'es2022',
    minify: true,
    outdir: '/assets',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    legalComments: 'none',
    logLevel: 'silent',
  })
  const file = (ext: string) => result.outputFiles.find((f) => f.path.endsWith(ext))?.text ?? ''
  return { html: await readFile(`${WEB}index.html`, 'utf8'), js: file('.js'), css: file('.css') }
}

let built: Promise<Bundle> | null = null
const dashboard = (): Promise<Bundle> => {
  built ??= bundle().catch((e) => {
    built = null // a failed build is tried again on the next request
    throw e
  })
  return built
}

/** Builds the bundle now, so the first visitor does not wait for it. */
export async function warmDashboard(): Promise<void> {
  await dashboard()
}

export const DASHBOARD_ROUTES = ['/', '/assets/app.js', '/assets/app.css'] as const

export function webRoutes(): FastifyPluginAsync {
  return async (app) => {
    const send =
      (type: string, pick: (b: Bundle) => string) =>
      async (_req: unknown, reply: import('fastify').FastifyReply) => {
        const b = await dashboard()
        return reply
          .header('content-type', type)
          .header('content-security-policy', CSP)
          .header('x-content-type-options', 'nosniff')
          .header('referrer-policy', 'no-referrer')
          .header('cache-control', 'no-cache')
          .send(pick(b))
      }
    app.get(
      '/',
      { schema: { hide: true } },
      send('text/html; charset=utf-8', (b) => b.html),
    )
    app.get(
      '/assets/app.js',
      { schema: { hide: true } },
      send('text/javascript; charset=utf-8', (b) => b.js),
    )
    app.get(
      '/assets/app.css',
      { schema: { hide: true } },
      send('text/css; charset=utf-8', (b) => b.css),
    )
  }
}
