// Accessibility check with axe-core (WCAG 2.1 A and AA rules), injected into the page under test from
// node_modules. `ctx.axe(page, label)` in a flow fails on any serious or critical violation and writes every
// finding of the page to artifacts/axe-<flow>-<label>.json.
import { createRequire } from 'node:module'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const require = createRequire(import.meta.url)
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')

/** Runs axe on the page and answers its violations (all impacts). */
export async function axeViolations(page) {
  // judge the page at rest: no pointer hovering over the button last clicked
  await page.mouse.move(0, 0)
  // Evaluated through the DevTools protocol rather than added as a <script>: the site's CSP (script-src 'self')
  // rightly refuses inline scripts, and the check must not loosen it.
  if (!(await page.evaluate(() => !!window.axe))) await page.evaluate(axeSource)
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] })
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target.join(' '), html: n.html.slice(0, 240), summary: n.failureSummary })),
      count: v.nodes.length,
    }))
  })
}

/** Fails when the page has a serious or critical violation; the report names each rule and a few elements. */
export async function assertAccessible(page, file) {
  const all = await axeViolations(page)
  if (file) writeFileSync(file, JSON.stringify({ url: page.url(), violations: all }, null, 2))
  const bad = all.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  if (bad.length) {
    const lines = bad.map((v) => `${v.impact} ${v.id} (${v.count}): ${v.help}\n        ${v.nodes.map((n) => n.target + " " + n.html).join('\n        ')}`)
    throw new Error(`axe: ${bad.length} serious/critical violation(s) on ${page.url()}:\n      ${lines.join('\n      ')}`)
  }
  return all
}

export { join }
