/**
 * @module The `patron` command: parse arguments, run one command, exit with its code.
 *
 * Exit codes: 0 ok, 1 failure (a bug or an unreachable dependency), 2 usage error, 3 invalid input
 * (a policy, ticket or account that does not validate, a locked data directory, bad configuration).
 */
import { parseArgs } from 'node:util'
import { DEFAULT_EXPORT_COLUMNS } from '../app/export-churn-features.js'
import { jsonLog } from '../app/log.js'
import { loadConfig } from '../config.js'
import { startWorker } from '../jobs/runner.js'
import { openRuntime, seedDemoData, serve } from '../main.js'
import { exportChurnFeaturesCommand } from './commands/export-churn-features.js'
import { importAccountsCommand } from './commands/import-accounts.js'
import { evalCommand, ML_HELP, trainCommand } from './commands/ml.js'
import { requireOption } from './commands/ml-options.js'
import { policyCheck } from './commands/policy-check.js'
import { triageCommand } from './commands/triage.js'
import { EXIT, reportError, UsageError } from './output.js'

const HELP = `patron — value-aware support triage

Usage:
  patron serve [--seed-demo]        start the HTTP API (PORT, default 3000); --seed-demo loads demo
                                    data into an empty database first
  patron work                       run a worker only (SLA timers, notifications); PostgreSQL only,
                                    since serve runs one itself
  patron migrate                    apply database migrations and exit
  patron seed                       load the demo data into an empty database and exit
  patron policy check FILE          validate a policy file; exit 3 with line and reason if it is bad
  patron triage FILE.json [--accounts FILE|DIR] [--policy FILE] [--format text|json] [--now ISO]
                                    print the decision for a ticket without storing it
  patron import accounts FILE.csv [--mode all|valid] [--max-bytes N]
                                    stream accounts (and their latest usage) into the database;
                                    --mode all (default) imports nothing unless every row is good
  patron export churn-features --labels FILE --out FILE [--account-column account]
                    [--label churned] [--as-of-column as_of]
                                    one row per labelled account (id, churned yes/no, optional date
                                    to read it as of) with the columns a churn model reads, for
                                    patron train churn and churnRisk.modelFile
${ML_HELP}  patron help                       this text

Environment:
  PORT, HOST (default 127.0.0.1), DATABASE_URL (PostgreSQL; default: embedded PGlite),
  PATRON_DATA_DIR (default ./.patron), PATRON_POLICY (default examples/policy.yaml),
  PATRON_LOG_LEVEL (default info), PATRON_API_TOKEN (require a bearer token on /v1),
  PATRON_WORKER (on|off, default on), PATRON_OUTBOUND_ALLOWLIST, PATRON_SMTP_URL, PATRON_SMTP_FROM,
  PATRON_WEBHOOK_URL, PATRON_WEBHOOK_SECRET, PATRON_SLACK_WEBHOOK_URL,
  PATRON_ZENDESK_WEBHOOK_SECRET, PATRON_FRESHDESK_WEBHOOK_SECRET
`

async function run(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv
  switch (command) {
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(HELP)
      return EXIT.ok
    case 'serve': {
      const { values } = parseArgs({
        args: rest,
        options: { 'seed-demo': { type: 'boolean', default: false } },
        strict: true,
      })
      const config = loadConfig(process.env)
      const log = jsonLog(config.logLevel)
      const server = await serve(config, log, { seedDemo: values['seed-demo'] === true })
      const address = server.app.server.address()
      const port = typeof address === 'object' && address ? address.port : config.port
      const where =
        config.database.kind === 'pglite' ? `embedded PGlite in ${config.database.dataDir}` : 'PostgreSQL'
      process.stderr.write(
        `\nPatron is running at http://localhost:${port}  (dashboard at /; ${where}; API docs at /openapi.json)\n\n`,
      )
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.stderr.write('Patron is stopping…\n')
          server.close().then(resolve, resolve)
        }
        process.once('SIGINT', stop)
        process.once('SIGTERM', stop)
      })
      return EXIT.ok
    }
    case 'work': {
      parseArgs({ args: rest, options: {}, strict: true })
      const config = loadConfig(process.env)
      const log = jsonLog(config.logLevel)
      if (config.database.kind === 'pglite') {
        throw new UsageError(
          'patron work needs DATABASE_URL: with the embedded database, patron serve runs the worker itself',
        )
      }
      const runtime = await openRuntime(config, log)
      const worker = startWorker(runtime.deps, { lockTimeoutMs: config.worker.lockTimeoutMs })
      process.stderr.write('Patron worker is running (SLA timers, notification delivery)\n')
      await new Promise<void>((resolve) => {
        const stop = () => {
          worker
            .stop()
            .then(() => runtime.close())
            .then(resolve, resolve)
        }
        process.once('SIGINT', stop)
        process.once('SIGTERM', stop)
      })
      return EXIT.ok
    }
    case 'migrate': {
      parseArgs({ args: rest, options: {}, strict: true })
      const config = loadConfig(process.env)
      const runtime = await openRuntime(config, jsonLog(config.logLevel))
      await runtime.close()
      process.stdout.write('database is up to date\n')
      return EXIT.ok
    }
    case 'seed': {
      parseArgs({ args: rest, options: {}, strict: true })
      const config = loadConfig(process.env)
      const runtime = await openRuntime(config, jsonLog(config.logLevel))
      try {
        await seedDemoData(runtime.deps)
      } finally {
        await runtime.close()
      }
      return EXIT.ok
    }
    case 'policy': {
      const [sub, ...files] = rest
      if (sub !== 'check')
        throw new UsageError(`unknown policy command '${sub ?? ''}'; expected: patron policy check FILE`)
      return policyCheck(files)
    }
    case 'triage': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        strict: true,
        options: {
          accounts: { type: 'string' },
          policy: { type: 'string' },
          format: { type: 'string', default: 'text' },
          now: { type: 'string' },
        },
      })
      const file = positionals[0]
      if (!file || positionals.length > 1)
        throw new UsageError('usage: patron triage FILE.json [--accounts FILE|DIR]')
      if (values.format !== 'text' && values.format !== 'json')
        throw new UsageError('--format must be text or json')
      const now = values.now ? new Date(values.now) : new Date()
      if (Number.isNaN(now.getTime())) throw new UsageError('--now must be an ISO-8601 date-time')
      const config = loadConfig(process.env)
      return triageCommand(file, {
        accounts: values.accounts,
        policyPath: values.policy ?? config.policyPath,
        format: values.format,
        now,
        config,
      })
    }
    case 'import': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        strict: true,
        options: { mode: { type: 'string', default: 'all' }, 'max-bytes': { type: 'string' } },
      })
      const [what, file, ...extra] = positionals
      if (what !== 'accounts' || !file || extra.length > 0)
        throw new UsageError('usage: patron import accounts FILE.csv [--mode all|valid]')
      if (values.mode !== 'all' && values.mode !== 'valid')
        throw new UsageError('--mode must be all or valid')
      const maxBytes = values['max-bytes'] === undefined ? undefined : Number(values['max-bytes'])
      if (maxBytes !== undefined && !(Number.isInteger(maxBytes) && maxBytes > 0))
        throw new UsageError('--max-bytes must be a whole number of bytes')
      const config = loadConfig(process.env)
      const runtime = await openRuntime(config, jsonLog(config.logLevel))
      try {
        return await importAccountsCommand(runtime.deps, file, {
          mode: values.mode,
          ...(maxBytes === undefined ? {} : { maxBytes }),
        })
      } finally {
        await runtime.close()
      }
    }
    case 'export': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        strict: true,
        options: {
          labels: { type: 'string' },
          out: { type: 'string' },
          'account-column': { type: 'string', default: DEFAULT_EXPORT_COLUMNS.account },
          label: { type: 'string', default: DEFAULT_EXPORT_COLUMNS.label },
          'as-of-column': { type: 'string', default: DEFAULT_EXPORT_COLUMNS.asOf },
        },
      })
      const usage = 'patron export churn-features --labels FILE --out FILE'
      if (positionals[0] !== 'churn-features' || positionals.length > 1)
        throw new UsageError(`usage: ${usage}`)
      const labels = requireOption(values.labels, '--labels', usage)
      const out = requireOption(values.out, '--out', usage)
      const config = loadConfig(process.env)
      const runtime = await openRuntime(config, jsonLog(config.logLevel))
      try {
        return await exportChurnFeaturesCommand(runtime.deps, {
          labels,
          out,
          columns: { account: values['account-column'], label: values.label, asOf: values['as-of-column'] },
        })
      } finally {
        await runtime.close()
      }
    }
    case 'eval':
      return evalCommand(rest)
    case 'train':
      return trainCommand(rest)
    default:
      throw new UsageError(`unknown command '${command}'`)
  }
}

export async function main(argv: readonly string[]): Promise<number> {
  try {
    return await run(argv)
  } catch (e) {
    // parseArgs reports unknown or malformed options as TypeErrors with an ERR_PARSE_ARGS_* code.
    const code = (e as { code?: string }).code
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'))
      return reportError(new UsageError((e as Error).message))
    return reportError(e)
  }
}
