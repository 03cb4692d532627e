import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { escapeHtml, html, SafeHtml } from './html.js'

describe('escapeHtml', () => {
  test('escapes the five special characters and nothing else', () => {
    assert.equal(
      escapeHtml(`<a href="x" title='y'>Tom & Jerry</a>`),
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;Tom &amp; Jerry&lt;/a&gt;',
    )
    assert.equal(escapeHtml('杭州云帆 — plain text, 100%'), '杭州云帆 — plain text, 100%')
  })

  test('an entity in the input is escaped again, not decoded', () => {
    assert.equal(escapeHtml('&lt;script&gt;'), '&amp;lt;script&amp;gt;')
  })
})

describe('html``', () => {
  test('escapes every interpolated string and number', () => {
    const name = '<script>alert(1)</script>'
    assert.equal(
      html`<td>${name}</td><td>${42}</td>`.markup,
      '<td>&lt;script&gt;alert(1)&lt;/script&gt;</td><td>42</td>',
    )
  })

  test('an attribute value cannot break out of its quotes', () => {
    const title = '" onmouseover="alert(1)'
    assert.equal(html`<p title="${title}">x</p>`.markup, '<p title="&quot; onmouseover=&quot;alert(1)">x</p>')
  })

  test('nested templates are inserted as markup, once escaped', () => {
    const items = ['a<b', 'c&d'].map((s) => html`<li>${s}</li>`)
    assert.equal(html`<ul>${items}</ul>`.markup, '<ul><li>a&lt;b</li><li>c&amp;d</li></ul>')
  })

  test('null, undefined and false render nothing; true renders as text', () => {
    assert.equal(html`[${null}${undefined}${false}${true}]`.markup, '[true]')
  })

  test('a string that looks like markup is not trusted: only SafeHtml is', () => {
    const pretending = { markup: '<b>x</b>' } as unknown as string
    assert.equal(html`${pretending}`.markup, '[object Object]')
    assert.equal(html`${new SafeHtml('<b>x</b>')}`.markup, '<b>x</b>')
  })
})
