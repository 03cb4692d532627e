/**
 * @module The driver port: what a database must provide for the store. PGlite and PostgreSQL differ
 * only here; every SQL statement and migration above this line is shared.
 */

export type Row = Record<string, unknown>

export interface Queryable {
  /** One statement with `$1…` parameters. */
  query<R extends Row = Row>(text: string, params?: readonly unknown[]): Promise<R[]>
  /** Several statements, no parameters (migrations). */
  exec(sql: string): Promise<void>
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres'
  /** Runs `fn` in one transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>
  close(): Promise<void>
}
