/** The store contract on PGlite: always runs. */
import { runActivityContract } from './activity.contract.test.js'
import { runNotesContract } from './notes.contract.test.js'
import { runStoreContract } from './store.contract.test.js'

runStoreContract('pglite')
runActivityContract('pglite')
runNotesContract('pglite')
