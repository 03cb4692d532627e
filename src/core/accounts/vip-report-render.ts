/**
 * @module The weekly VIP health report as plain text (the email's text part, Slack, logs) and as an HTML
 * document (the email's HTML part, and the page the API serves).
 *
 * Account names, risk factors and actions can quote a customer's ticket text, which is untrusted: the
 * HTML goes through the `html` template, which escapes every value it is given. Styles are inline
 * because mail clients drop `<style>` blocks; the page needs no script.
 */
import { signed } from '../format.js'
import { html, type SafeHtml } from '../html.js'
import type { RiskBucket } from './churn-risk.js'
import type { VipAccountRow, VipReport, VipReportGroup, VipReportSummary } from './vip-report.js'

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`

function summaryText(s: VipReportSummary): string {
  return [
    `${plural(s.accounts, 'account')}: ${s.urgent} urgent, ${s.medium} medium, ${s.earlyWarning} early warning`,
    plural(s.openEscalations, 'open escalation'),
    `${s.renewingIn90Days} renewing within 90 days`,
  ].join('; ')
}

function csmText(g: VipReportGroup): string {
  return g.csm ? `${g.csm.name} <${g.csm.email}>` : 'Unassigned (no CSM)'
}

function healthText(r: VipAccountRow): string {
  if (r.health.score === null) return 'no health score (not enough data)'
  const trend = r.health.trend ? `, ${signed(r.health.trend.delta)} in four weeks` : ', no trend yet'
  const weekly = r.health.weekly.map((p) => (p === null ? '–' : String(p))).join(' → ')
  return `${r.health.score}/100${trend} (weekly: ${weekly})`
}

function riskText(r: VipAccountRow): string {
  if (r.risk.score === null) return 'not assessed'
  return `${r.risk.score}/100, ${r.risk.bucketName ?? 'no risk bucket'}`
}

function renewalText(r: VipAccountRow): string {
  if (!r.renewal) return 'no fixed term'
  const { date, inDays } = r.renewal
  if (inDays === 0) return `${date}, today`
  return inDays > 0 ? `${date}, in ${plural(inDays, 'day')}` : `${date}, ${plural(-inDays, 'day')} ago`
}

function downgradeText(r: VipAccountRow): string | null {
  const d = r.pendingDowngrade
  return d ? `to ${d.tierName} on ${d.effectiveAt.slice(0, 10)}` : null
}

function heading(report: VipReport): string {
  return `Weekly VIP health report, ${report.week} (${report.tiers.map((t) => t.name).join(', ')})`
}

/** "[Patron] Weekly VIP health, 2026-W48: 3 accounts, 1 urgent" */
export function vipReportSubject(report: VipReport): string {
  const s = report.summary
  const urgent = s.urgent > 0 ? `, ${s.urgent} urgent` : ''
  return `[Patron] Weekly VIP health, ${report.week}: ${plural(s.accounts, 'account')}${urgent}`
}

export function renderVipReportText(report: VipReport): string {
  const lines = [heading(report), `Generated ${report.generatedAt}`]
  if (report.groups.length === 0) lines.push('', 'No accounts in these tiers.')
  for (const g of report.groups) {
    lines.push('', `== ${csmText(g)} ==`, summaryText(g.summary))
    g.accounts.forEach((r, i) => {
      const downgrade = downgradeText(r)
      lines.push(
        '',
        `${i + 1}. ${r.name} (${r.externalId}): ${r.tier.name}, ${r.arrText} ARR`,
        `   Health: ${healthText(r)}`,
        `   Churn risk: ${riskText(r)}`,
        ...r.risk.factors.map((f) => `     • ${f.text} (${signed(f.points)})`),
        `   Open escalations: ${r.openEscalations}`,
        `   Renewal: ${renewalText(r)}`,
        ...(downgrade ? [`   Downgrade: ${downgrade}`] : []),
        '   What to do:',
        ...r.actions.map((a, n) => `     ${n + 1}. ${a}`),
      )
    })
  }
  return lines.join('\n')
}

const BUCKET_COLOURS: Record<RiskBucket, string> = {
  urgent: '#b42318',
  medium: '#b54708',
  early_warning: '#8a6d00',
}

const CELL = 'padding:8px;border-top:1px solid #e4e7ec;vertical-align:top;text-align:left'
const HEAD = 'padding:8px;text-align:left;font-size:12px;color:#475467;text-transform:uppercase'

function accountRowHtml(r: VipAccountRow): SafeHtml {
  const colour = r.risk.bucket ? BUCKET_COLOURS[r.risk.bucket] : '#475467'
  const downgrade = downgradeText(r)
  return html`<tr>
<td style="${CELL}"><strong>${r.name}</strong><br><span style="color:#475467">${r.externalId}</span></td>
<td style="${CELL}">${r.tier.name}<br>${r.arrText} ARR${downgrade ? html`<br><em>Downgrade ${downgrade}</em>` : null}</td>
<td style="${CELL}">${healthText(r)}</td>
<td style="${CELL}"><span style="color:${colour};font-weight:bold">${riskText(r)}</span>${
    r.risk.factors.length > 0
      ? html`<ul style="margin:4px 0;padding-left:18px">${r.risk.factors.map(
          (f) => html`<li>${f.text} (${signed(f.points)})</li>`,
        )}</ul>`
      : null
  }</td>
<td style="${CELL}">${r.openEscalations}</td>
<td style="${CELL}">${renewalText(r)}</td>
<td style="${CELL}"><ol style="margin:0;padding-left:18px">${r.actions.map((a) => html`<li>${a}</li>`)}</ol></td>
</tr>`
}

function groupHtml(g: VipReportGroup): SafeHtml {
  return html`<section>
<h2 style="font-size:18px;margin:24px 0 4px">${csmText(g)}</h2>
<p style="margin:0 0 8px;color:#475467">${summaryText(g.summary)}</p>
<table style="border-collapse:collapse;width:100%;font-size:14px">
<thead><tr><th style="${HEAD}">Account</th><th style="${HEAD}">Tier</th><th style="${HEAD}">Health</th><th style="${HEAD}">Churn risk</th><th style="${HEAD}">Open escalations</th><th style="${HEAD}">Renewal</th><th style="${HEAD}">What to do</th></tr></thead>
<tbody>${g.accounts.map(accountRowHtml)}</tbody>
</table>
</section>`
}

/** A complete HTML document; every value in it is escaped. */
export function renderVipReportHtml(report: VipReport): string {
  return html`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${heading(report)}</title></head>
<body style="font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;color:#101828;margin:16px">
<h1 style="font-size:22px;margin:0 0 4px">${heading(report)}</h1>
<p style="margin:0;color:#475467">Generated ${report.generatedAt}. ${summaryText(report.summary)}.</p>
${report.groups.length === 0 ? html`<p>No accounts in these tiers.</p>` : report.groups.map(groupHtml)}
</body>
</html>
`.markup
}
