#!/usr/bin/env node
// The `patron` command. Patron runs from its TypeScript sources through tsx, so a checkout needs no build step.
import { register } from 'tsx/esm/api'

register()
const { main } = await import('../src/cli/main.ts')
process.exitCode = await main(process.argv.slice(2))
