/** The store contract on PGlite: always runs. */
import { runStoreContract } from './store.contract.test.js'

runStoreContract('pglite')
