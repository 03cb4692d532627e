/**
 * `patron eval …` and `patron train …` as a user runs them, on small synthetic CSVs written here
 * (never the public data sets), including the inputs they must refuse.
 */
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { parseChurnModel, predictChurn } from '../../core/ml/churn-model.js'
import { lexiconScore } from '../../core/ml/lexicon-classifier.js'
import { createRng, type Rng } from '../../core/ml/prng.js'
import { LEXICON_SCORE, predictSentiment, termsToward } from '../../core/ml/sentiment-model.js'
import { parseTextModel } from '../../core/ml/text-model.js'
import { compileLexicon } from '../../core/signals/compile-lexicon.js'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const BIN = join(ROOT, 'bin/patron.js')
const scratch = mkdtempSync(join(tmpdir(), 'patron-ml-'))

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

function patron(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => {
      stdout += d
    })
    child.stderr.on('data', (d) => {
      stderr += d
    })
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

const lastLine = (text: string) => text.trimEnd().split('\n').at(-1) ?? ''

function csv(name: string, header: readonly string[], rows: readonly (readonly string[])[]): string {
  const quote = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v)
  const path = join(scratch, name)
  writeFileSync(path, `${[header, ...rows].map((r) => r.map(quote).join(',')).join('\n')}\n`)
  return path
}

const CHURN_HEADER = ['customerID', 'gender', 'tenure', 'Contract', 'MonthlyCharges', 'TotalCharges', 'Churn']

/** Telco-shaped rows: churn falls with tenure and is likelier month to month; TotalCharges is ' ' at tenure 0. */
function churnRows(n: number, seed: number): string[][] {
  const rng = createRng(seed)
  const contracts = ['Month-to-month', 'One year', 'Two year']
  return Array.from({ length: n }, (_, i) => {
    const contract = contracts[Math.floor(rng() * 3)] as string
    const tenure = Math.floor(rng() * 72)
    const monthly = 20 + rng() * 90
    const z =
      0.5 - 0.06 * tenure + (contract === 'Month-to-month' ? 1.8 : contract === 'One year' ? -0.3 : -1.5)
    return [
      `${seed}-${1000 + i}`,
      rng() < 0.5 ? 'Male' : 'Female',
      String(tenure),
      contract,
      monthly.toFixed(2),
      tenure === 0 ? ' ' : (monthly * tenure).toFixed(2),
      rng() < 1 / (1 + Math.exp(-z)) ? 'Yes' : 'No',
    ]
  })
}

const POSITIVE = ['很好', '满意', '干净', 'great', 'friendly', 'clean']
const NEGATIVE = ['太差', '失望', '很脏', 'terrible', 'rude', 'dirty']
const FILLER = ['房间', '早餐', '服务', 'room', 'staff', 'the "breakfast", again']

function pick(rng: Rng, list: readonly string[]): string {
  return list[Math.floor(rng() * list.length)] as string
}

function reviewRows(n: number, seed: number): string[][] {
  const rng = createRng(seed)
  return Array.from({ length: n }, () => {
    const positive = rng() < 0.65
    const own = positive ? POSITIVE : NEGATIVE
    const words = [pick(rng, FILLER), pick(rng, own), pick(rng, FILLER), pick(rng, own)]
    if (rng() < 0.08) words.push(pick(rng, positive ? NEGATIVE : POSITIVE))
    return [positive ? '1' : '0', words.join('，')]
  })
}

const TICKET_HEADER = ['Ticket ID', 'Ticket Subject', 'Ticket Description', 'Ticket Priority']
const SUBJECTS = ['Network problem', 'Refund request', 'Account access', 'Data loss']
const PRIORITIES = ['Low', 'Medium', 'High', 'Critical']

/** Priorities at random, as in the suraj520 set; with `leak`, the description names the priority. */
function ticketRows(n: number, seed: number, leak: boolean): string[][] {
  const rng = createRng(seed)
  return Array.from({ length: n }, (_, i) => {
    const priority = pick(rng, PRIORITIES)
    const words = Array.from({ length: 8 }, () =>
      pick(rng, ['device', 'error', 'help', 'since', 'update', 'screen', 'order', 'please']),
    )
    if (leak) words.push(`urgency ${priority.toLowerCase()}`)
    return [String(i), pick(rng, SUBJECTS), words.join(' '), priority]
  })
}

describe('patron eval split', () => {
  const file = csv('accounts.csv', CHURN_HEADER, churnRows(200, 1))

  test('writes a stratified, reproducible train/test split of the rows as written', async () => {
    const out = join(scratch, 'split-a')
    const r = await patron([
      'eval',
      'split',
      file,
      '--out-dir',
      out,
      '--test-fraction',
      '0.25',
      '--seed',
      '3',
    ])
    assert.equal(r.code, 0, r.stderr)
    const original = readFileSync(file, 'utf8').trimEnd().split('\n')
    const train = readFileSync(join(out, 'accounts.train.csv'), 'utf8').trimEnd().split('\n')
    const test = readFileSync(join(out, 'accounts.test.csv'), 'utf8').trimEnd().split('\n')
    assert.equal(train[0], original[0])
    assert.equal(test[0], original[0])
    assert.deepEqual(
      [...train.slice(1), ...test.slice(1)].sort(),
      original.slice(1).sort(),
      'a partition of the rows',
    )
    const churners = (lines: string[]) => lines.filter((l) => l.endsWith(',Yes')).length
    assert.equal(churners(test), Math.round(churners(original) * 0.25))
    assert.equal(
      test.length - 1,
      Math.round(churners(original) * 0.25) + Math.round((original.length - 1 - churners(original)) * 0.25),
    )
    assert.match(r.stdout, /stratified on 'Churn', test fraction 0\.25, seed 3/)

    const again = join(scratch, 'split-b')
    await patron(['eval', 'split', file, '--out-dir', again, '--test-fraction', '0.25', '--seed', '3'])
    assert.equal(
      readFileSync(join(again, 'accounts.test.csv'), 'utf8'),
      readFileSync(join(out, 'accounts.test.csv'), 'utf8'),
    )
    const other = join(scratch, 'split-c')
    await patron(['eval', 'split', file, '--out-dir', other, '--test-fraction', '0.25', '--seed', '4'])
    assert.notEqual(
      readFileSync(join(other, 'accounts.test.csv'), 'utf8'),
      readFileSync(join(out, 'accounts.test.csv'), 'utf8'),
    )
  })
})

describe('patron eval churn and patron train churn', () => {
  const train = csv('churn-train.csv', CHURN_HEADER, churnRows(300, 2))
  const testFile = csv('churn-test.csv', CHURN_HEADER, churnRows(150, 3))

  test('prints CV figures and test figures, and ends with auc=', async () => {
    const r = await patron(['eval', 'churn', '--train', train, '--test', testFile, '--folds', '3'])
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stdout, /cross-validation on the train file \(3 stratified folds, seed 1/)
    assert.match(r.stdout, /linear, l2=1 +0\.\d{4} ± 0\.\d{4}/)
    assert.match(r.stdout, /majority baseline \(always '(Yes|No)'\): accuracy 0\.\d{4}/)
    assert.match(r.stdout, /ignored: customerID/)
    const last = lastLine(r.stdout)
    assert.match(last, /^auc=[01]\.\d{4}$/)
    assert.ok(Number(last.slice(4)) > 0.75, last)
  })

  test('train writes a model that scores a row with its reasons', async () => {
    const out = join(scratch, 'churn-model.json')
    const r = await patron([
      'train',
      'churn',
      '--data',
      train,
      '--label',
      'Churn',
      '--id',
      'customerID',
      '--out',
      out,
      '--folds',
      '3',
    ])
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stdout, /wrote .*churn-model\.json/)
    const model = parseChurnModel(JSON.parse(readFileSync(out, 'utf8')))
    assert.equal(model.positive, 'Yes')
    const row = Object.fromEntries(
      CHURN_HEADER.map((h, i) => [h, ['x', 'Male', '2', 'Month-to-month', '80', '160', ''][i] as string]),
    )
    const p = predictChurn(model, row)
    assert.ok(p.probability > 0.5, `probability ${p.probability}`)
    assert.match(p.reasons[0] ?? '', /raises the odds of Churn = Yes/)
  })

  test('a label with one class only is refused by name', async () => {
    const rows = churnRows(40, 4).map((r) => [...r.slice(0, 6), 'No'])
    const file = csv('one-class.csv', CHURN_HEADER, rows)
    const r = await patron([
      'train',
      'churn',
      '--data',
      file,
      '--label',
      'Churn',
      '--out',
      join(scratch, 'x.json'),
    ])
    assert.equal(r.code, 3)
    assert.match(
      r.stderr,
      /the label column 'Churn' has only one class \('No'\); a model needs examples of both/,
    )
  })

  test('a missing column is named', async () => {
    const r = await patron(['eval', 'churn', '--train', train, '--test', testFile, '--label', 'Churned'])
    assert.equal(r.code, 3)
    assert.match(r.stderr, /the label column 'Churned' is not in the file/)
    assert.match(r.stderr, /Churned: is not a column of the file \(columns: 'customerID', 'gender'/)
  })

  test('a bad number is reported with its line and column', async () => {
    const rows = churnRows(60, 5)
    ;(rows[4] as string[])[2] = 'twelve'
    const file = csv('bad-number.csv', CHURN_HEADER, rows)
    const r = await patron(['eval', 'churn', '--train', file, '--test', testFile])
    assert.equal(r.code, 3)
    assert.match(r.stderr, /line 6: tenure: 'twelve' is not a number/)
  })

  test('a label value the model was not trained on is reported with its line', async () => {
    const rows = churnRows(30, 6)
    ;(rows[9] as string[])[6] = 'Maybe'
    const file = csv('unknown-label.csv', CHURN_HEADER, rows)
    const r = await patron(['eval', 'churn', '--train', train, '--test', file, '--folds', '3'])
    assert.equal(r.code, 3)
    assert.match(r.stderr, /line 11: Churn: 'Maybe' is not one of the trained classes 'No', 'Yes'/)
  })

  test('an empty file and a missing option', async () => {
    const empty = join(scratch, 'empty.csv')
    writeFileSync(empty, '')
    const r = await patron(['eval', 'churn', '--train', empty, '--test', testFile])
    assert.equal(r.code, 3)
    assert.match(r.stderr, /--train: .*empty\.csv is empty: expected a header line and rows/)
    const headerOnly = csv('header-only.csv', CHURN_HEADER, [])
    const h = await patron([
      'train',
      'churn',
      '--data',
      headerOnly,
      '--label',
      'Churn',
      '--out',
      join(scratch, 'y.json'),
    ])
    assert.equal(h.code, 3)
    assert.match(h.stderr, /the file has no rows to learn from/)
    const u = await patron(['eval', 'churn', '--test', testFile])
    assert.equal(u.code, 2)
    assert.match(u.stderr, /--train is required/)
  })
})

describe('patron eval sentiment and patron train sentiment', () => {
  const train = csv('reviews-train.csv', ['label', 'review'], reviewRows(240, 7))
  const testFile = csv('reviews-test.csv', ['label', 'review'], reviewRows(120, 8))

  test('prints CV and test figures beside the lexicon and the majority class, and ends with accuracy=', async () => {
    const r = await patron(['eval', 'sentiment', '--train', train, '--test', testFile, '--folds', '3'])
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stdout, /chars 1-3, C=0\.1 +0\.\d{4} ± 0\.\d{4} {2}0\.\d{4} ± 0\.\d{4}/)
    assert.match(r.stdout, /built-in lexicon \(default\) +accuracy 0\.\d{4} {2}macro-F1 0\.\d{4}/)
    assert.match(r.stdout, /majority class \('1'\) +accuracy 0\.\d{4}/)
    const last = lastLine(r.stdout)
    assert.match(last, /^accuracy=[01]\.\d{4}$/)
    assert.ok(Number(last.slice(9)) > 0.85, last)
  })

  test('train writes a model whose terms explain its predictions', async () => {
    const out = join(scratch, 'sentiment.json')
    const r = await patron(['train', 'sentiment', '--data', train, '--out', out, '--folds', '3'])
    assert.equal(r.code, 0, r.stderr)
    const model = parseTextModel(JSON.parse(readFileSync(out, 'utf8')))
    assert.equal(model.positive, '1')
    assert.deepEqual(model.scores, [LEXICON_SCORE])
    const text = 'the room was dirty, staff rude'
    const thresholds = { negativeAt: -0.3, positiveAt: 0.3 }
    const p = predictSentiment(model, text, thresholds, lexiconScore(text, compileLexicon()))
    assert.equal(p.label, 'negative')
    assert.match(termsToward(p, 'negative').join(' '), /dir|irt|rud|ude/)
  })

  test('labels in the test file that the train file never had are refused', async () => {
    const rows = reviewRows(20, 9)
    ;(rows[3] as string[])[0] = '2'
    const r = await patron([
      'eval',
      'sentiment',
      '--train',
      train,
      '--test',
      csv('reviews-bad.csv', ['label', 'review'], rows),
    ])
    assert.equal(r.code, 3)
    assert.match(r.stderr, /line 5: label: '2' is not one of the trained classes '0', '1'/)
  })
})

describe('patron eval priority', () => {
  test('random priorities: near chance, no leakage', async () => {
    const train = csv('tickets-train.csv', TICKET_HEADER, ticketRows(240, 10, false))
    const testFile = csv('tickets-test.csv', TICKET_HEADER, ticketRows(120, 11, false))
    const r = await patron(['eval', 'priority', '--train', train, '--test', testFile, '--folds', '3'])
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stdout, /verdict: near chance/)
    assert.match(r.stdout, /majority class \('\w+'\) +accuracy 0\.\d{4}/)
    assert.match(lastLine(r.stdout), /^accuracy=[01]\.\d{4}$/)
  })

  test('priorities written into the text: a leakage warning', async () => {
    const train = csv('leaky-train.csv', TICKET_HEADER, ticketRows(240, 12, true))
    const testFile = csv('leaky-test.csv', TICKET_HEADER, ticketRows(120, 13, true))
    const r = await patron(['eval', 'priority', '--train', train, '--test', testFile, '--folds', '3'])
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stdout, /verdict: WARNING: clearly above chance/)
  })
})
