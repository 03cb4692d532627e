/**
 * @module The Store over any `Db`: the same SQL for PGlite and PostgreSQL.
 */
import type { Db, Queryable } from './db.js'
import { accountsSql } from './sql/accounts-sql.js'
import { activitySql } from './sql/activity-sql.js'
import { clocksSql } from './sql/clocks-sql.js'
import { eventsSql } from './sql/events-sql.js'
import { jobsSql } from './sql/jobs-sql.js'
import { notesSql } from './sql/notes-sql.js'
import { outboxSql } from './sql/outbox-sql.js'
import { metaSql, policiesSql } from './sql/policies-sql.js'
import { slaReportSql } from './sql/sla-report-sql.js'
import { tasksSql } from './sql/tasks-sql.js'
import { ticketsSql } from './sql/tickets-sql.js'
import type { Store } from './store.js'

function storeOver(q: Queryable, inTransaction: <T>(fn: (tx: Queryable) => Promise<T>) => Promise<T>): Store {
  return {
    accounts: accountsSql(q, inTransaction),
    activity: activitySql(q),
    notes: notesSql(q),
    tickets: ticketsSql(q),
    clocks: clocksSql(q),
    events: eventsSql(q),
    outbox: outboxSql(q),
    jobs: jobsSql(q),
    tasks: tasksSql(q),
    policies: policiesSql(q),
    meta: metaSql(q),
    slaReport: slaReportSql(q),
    transaction: (fn) => inTransaction((tx) => fn(storeOver(tx, (inner) => inner(tx)))),
  }
}

/** A store whose top-level calls each run on their own; `transaction` groups calls into one. */
export function createStore(db: Db): Store {
  return storeOver(db, (fn) => db.transaction(fn))
}
