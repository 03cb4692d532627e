/**
 * The shape of the code, enforced: dependencies point inwards and there are no import cycles.
 *
 *   api, cli, jobs → app → core + store;  core imports only core and pure libraries.
 */
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'

const SRC = fileURLToPath(new URL('../src/', import.meta.url))

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name)
    if (e.isDirectory()) return sources(path)
    return e.name.endsWith('.ts') &&
      !e.name.endsWith('.test.ts') &&
      e.name !== 'test-db.ts' &&
      e.name !== 'test-server.ts'
      ? [path]
      : []
  })
}

const files = sources(SRC)
const imports = new Map<string, { local: string[]; packages: string[] }>()
for (const file of files) {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true)
  const local: string[] = []
  const packages: string[] = []
  for (const { fileName } of importedFiles) {
    if (fileName.startsWith('.')) local.push(resolve(dirname(file), fileName).replace(/\.js$/, '.ts'))
    else packages.push(fileName)
  }
  imports.set(file, { local, packages })
}

const layer = (file: string) => relative(SRC, file).split('/')[0] ?? ''

const CORE_PACKAGES = new Set([
  'zod',
  'luxon',
  'yaml',
  '@marcbachmann/cel-js',
  'jieba-wasm',
  'stemmer',
  'ical.js',
])
// Adapters (integrations) depend only on the core; use cases compose them; the shells (api, jobs, cli)
// call use cases. Nothing imports a shell.
const ALLOWED: Record<string, readonly string[]> = {
  core: ['core'],
  store: ['core', 'store'],
  integrations: ['core', 'integrations'],
  app: ['core', 'store', 'integrations', 'app'],
  jobs: ['core', 'store', 'app', 'jobs'],
  api: ['core', 'store', 'integrations', 'app', 'api', 'config.ts'],
  cli: ['core', 'store', 'app', 'api', 'jobs', 'cli', 'config.ts', 'main.ts'],
}

test('core is pure: it imports only core and pure libraries', () => {
  for (const [file, { local, packages }] of imports) {
    if (layer(file) !== 'core') continue
    for (const target of local)
      assert.equal(layer(target), 'core', `${relative(SRC, file)} imports ${relative(SRC, target)}`)
    for (const p of packages) assert.ok(CORE_PACKAGES.has(p), `${relative(SRC, file)} imports ${p}`)
  }
})

test('dependencies point inwards', () => {
  for (const [file, { local }] of imports) {
    const allowed = ALLOWED[layer(file)]
    if (!allowed) continue
    for (const target of local) {
      if (!target.startsWith(SRC)) continue
      assert.ok(
        allowed.includes(layer(target)),
        `${relative(SRC, file)} (${layer(file)}) may not import ${relative(SRC, target)}`,
      )
    }
  }
})

test('there are no import cycles', () => {
  const state = new Map<string, 'visiting' | 'done'>()
  const visit = (file: string, trail: string[]) => {
    if (state.get(file) === 'done') return
    if (state.get(file) === 'visiting') {
      const cycle = [...trail.slice(trail.indexOf(file)), file].map((f) => relative(SRC, f))
      assert.fail(`import cycle: ${cycle.join(' → ')}`)
    }
    state.set(file, 'visiting')
    for (const next of imports.get(file)?.local ?? []) if (imports.has(next)) visit(next, [...trail, file])
    state.set(file, 'done')
  }
  for (const file of imports.keys()) visit(file, [])
  assert.ok(state.size > 40, 'the walk saw the source tree')
})
