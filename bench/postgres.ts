/**
 * @module The PostgreSQL a benchmark runs against: DATABASE_URL when set, otherwise a private cluster
 * with PostgreSQL's default, durable settings (fsync on), removed afterwards.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../', import.meta.url))

export interface BenchPostgres {
  readonly url: string
  /** What to print: "PostgreSQL 15 (private cluster, fsync on)" or "PostgreSQL at DATABASE_URL". */
  readonly label: string
  stop(): void
}

/** Null when no server can be started here (no binaries and no root to install them). */
export function benchPostgres(port: number): BenchPostgres | null {
  const given = process.env.DATABASE_URL
  if (given) return { url: given, label: 'PostgreSQL at DATABASE_URL', stop() {} }
  const dir = mkdtempSync(join(tmpdir(), 'patron-bench-pg-'))
  try {
    const url = execFileSync(
      'bash',
      [join(ROOT, 'scripts/pg-cluster.sh'), 'start', dir, String(port), 'durable'],
      {
        encoding: 'utf8',
      },
    ).trim()
    return {
      url,
      label: 'PostgreSQL 15 (private cluster, fsync on)',
      stop() {
        execFileSync('bash', [join(ROOT, 'scripts/pg-cluster.sh'), 'stop', dir])
        rmSync(dir, { recursive: true, force: true })
      },
    }
  } catch (e) {
    rmSync(dir, { recursive: true, force: true })
    console.log(`  PostgreSQL: skipped, no server could be started (${(e as Error).message.split('\n')[0]})`)
    return null
  }
}
