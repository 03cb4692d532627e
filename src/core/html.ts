/**
 * @module HTML that cannot be injected into: a tagged template whose every interpolated value is
 * escaped, unless it is itself the output of the template.
 *
 * Reports quote account names, risk factors and signal phrases, and those can carry a customer's
 * ticket text, which is untrusted. Escaping at each call site is one forgotten call away from a
 * `<script>` in a CSM's inbox; escaping by default in the template makes the safe way the only way.
 * Text only: values are never placed in URLs, `style`, or `on*` attributes, where escaping is not enough.
 */

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/** The five characters that matter in text and in quoted attribute values, as entities. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c)
}

/** Markup built by `html`: interpolating it into another `html` template inserts it as is. */
export class SafeHtml {
  constructor(readonly markup: string) {}
  toString(): string {
    return this.markup
  }
}

/** A value a template may hold: text (escaped), markup, a list of either, or nothing (null, undefined, false). */
export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[]

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return ''
  if (value instanceof SafeHtml) return value.markup
  if (Array.isArray(value)) return value.map(render).join('')
  return escapeHtml(String(value))
}

/** ``html`<td>${name}</td>` ``: the literal parts are markup, every value is escaped (see `HtmlValue`). */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let out = strings[0] ?? ''
  for (let i = 0; i < values.length; i++) out += render(values[i] as HtmlValue) + (strings[i + 1] ?? '')
  return new SafeHtml(out)
}
