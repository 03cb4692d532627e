/**
 * @module The notes the demo's CSMs left on their accounts: what an agent should know before answering
 * ("renewal under negotiation: no discounts"). Acme's are written by hand, because the demo's story is
 * Acme's; other enterprise and business accounts get one or two from a small set, in their language.
 */
import type { DemoAccount } from './demo-data.js'
import type { DemoTier } from './demo-handling.js'
import type { Rng } from './demo-random.js'

/** The body of `POST /v1/accounts/{id}/notes`, with its account and when it was written. */
export interface DemoNote {
  readonly externalId: string
  readonly writtenAt: string
  readonly body: string
  readonly author: { readonly name: string; readonly email: string }
  readonly pinned: boolean
}

const ACME: readonly { readonly body: string; readonly pinned: boolean; readonly daysAgo: number }[] = [
  {
    body:
      'Renewal is under negotiation with Dana Whitfield (VP Operations) and their CFO. Do not offer ' +
      'credits or discounts on a ticket: send any billing question to me first, the same day.',
    pinned: true,
    daysAgo: 9,
  },
  {
    body:
      'They failed a payment last month after a card change on their side; it is sorted. Dana reads every ' +
      'invoice line, so explain charges plainly, with the invoice number.',
    pinned: false,
    daysAgo: 12,
  },
  {
    body: 'QBR on the 14th: their team wants custom roles and faster CSV exports. Log any request for either.',
    pinned: false,
    daysAgo: 20,
  },
]

const EN_NOTES: readonly string[] = [
  'Exec sponsor changed last quarter; the new VP has not met us yet. Copy me on anything P2 or above.',
  'Renewal conversation starts next month. Keep replies warm and quick; flag any mention of other vendors.',
  'Their admin prefers phone for anything urgent; email is fine otherwise.',
  'Expansion to two more business units is in the pipeline: treat feature requests as sales signals and tell me.',
  'Had a rough outage in the spring. They are sensitive about reliability: give timelines, not promises.',
  'Procurement is strict about invoices: always quote the invoice number and the amount.',
]

const ZH_NOTES: readonly string[] = [
  '客户下个季度续约，对响应速度非常敏感。P2 及以上的工单请同时抄送我。',
  '对方 IT 负责人更习惯电话沟通，紧急问题请直接致电。',
  '客户正在评估扩容到两个新事业部，功能需求请记录并告诉我。',
  '上季度出现过一次较长的故障，回复时请给出明确的时间点，不要随意承诺。',
]

const DAY_MS = 86_400_000

export function planNotes(
  rng: Rng,
  accounts: readonly {
    readonly account: DemoAccount
    readonly tier: DemoTier
    readonly language: 'en' | 'zh'
  }[],
  nowMs: number,
): DemoNote[] {
  const notes: DemoNote[] = []
  const at = (daysAgo: number, hour: number) =>
    new Date(Math.floor((nowMs - daysAgo * DAY_MS) / DAY_MS) * DAY_MS + hour * 3_600_000).toISOString()
  for (const { account, tier, language } of accounts) {
    const csm = account.csm
    if (!csm) continue
    const author = { name: csm.name, email: csm.email }
    if (account.externalId === 'acme') {
      for (const n of ACME) {
        notes.push({
          externalId: 'acme',
          writtenAt: at(n.daysAgo, 15),
          body: n.body,
          author,
          pinned: n.pinned,
        })
      }
      continue
    }
    if (tier !== 'enterprise' && tier !== 'business') continue
    const pool = language === 'zh' ? ZH_NOTES : EN_NOTES
    const count = tier === 'enterprise' ? rng.int(1, 2) : rng.int(0, 1)
    for (const body of rng.shuffle([...pool]).slice(0, count)) {
      notes.push({
        externalId: account.externalId,
        writtenAt: at(rng.int(2, 40), rng.int(14, 22)),
        body,
        author,
        pinned: rng.chance(0.3),
      })
    }
  }
  return notes
}
