/**
 * The store contract on PostgreSQL. Runs when DATABASE_URL names a server (CI starts one); without
 * it this file registers no tests, because there is nothing to run them against.
 */
import { runActivityContract } from './activity.contract.test.js'
import { runNotesContract } from './notes.contract.test.js'
import { runStoreContract } from './store.contract.test.js'

if (process.env.DATABASE_URL) {
  runStoreContract('postgres')
  runActivityContract('postgres')
  runNotesContract('postgres')
}
