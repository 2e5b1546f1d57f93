// Flow (on the demo): each role's day — enterprise, team, expert, bureau officer, administrator — at a desktop
// window and at a real 390 × 844 phone viewport. On every page: nothing scrolls sideways (the document's scroll
// width against the fixed viewport, e2e/lib.mjs assertFits), axe-core finds no serious or critical WCAG 2.1
// A/AA violation, and a full-page screenshot is kept under e2e/artifacts/days/ (git-ignored; CI uploads
// e2e/artifacts). The time to each page's first content (from the start of a full load until the page's title is
// visible) is measured and
// the slowest page is printed and written to artifacts/days/first-content.json — a measurement, not an assertion.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { assert, must, sel } from '../lib.mjs'
import { loginAs } from '../fixtures.mjs'

export const demo = true

const demoUser = (who) => `${who}@demo.jiebang.cn`

async function token(ctx, email) {
  return (await must(ctx, 'POST', '/auth/login', { email, password: ctx.state.demoPassword })).access_token
}

/** The demo's challenges and racers the pages are about (looked up, never assumed by id). */
async function demoIds(ctx) {
  const boss = await token(ctx, demoUser('bureau'))
  const first = async (status) => {
    const l = await must(ctx, 'GET', `/challenges?status=${status}&page_size=100`, undefined, boss)
    assert.ok(l.items.length, `the demo has a challenge in status ${status}`)
    return l.items[0]
  }
  const running = await first('in_progress')
  const done = await first('completed')
  const published = await first('published')
  const notice = await first('notice')
  const racers = await must(ctx, 'GET', `/challenges/${running.id}/racers`, undefined, boss)
  const all = racers.items || racers
  // the team's own racer when it races here (its task book), else the first
  const me = await must(ctx, 'GET', '/me', undefined, await token(ctx, demoUser('team')))
  const racer = all.find((r) => r.org_id === me.org?.id) || all[0]
  const teamRacer = all.find((r) => r.org_id === me.org?.id)
  const rounds = await must(ctx, 'GET', `/challenges/${notice.id}/rounds`, undefined, boss)
  const round = (rounds.items || rounds)[0]
  return { running: running.id, done: done.id, published: published.id, notice: notice.id, racer: racer.id, teamRacer: teamRacer?.id, round: round?.id }
}

export default async function flow(ctx) {
  const ids = await demoIds(ctx)
  ctx.log('demo', JSON.stringify(ids))
  const dir = join(ctx.artifacts, 'days')
  mkdirSync(dir, { recursive: true })
  const timings = []

  // One page of a role's day: load it afresh, wait for its content, then measure, check and keep a picture.
  async function visit(page, who, view, path, ready = `${sel('page-title')}, h1`) {
    // first content: from the start of a full load until the page's own content (its title) is visible
    const started = Date.now()
    await page.goto(ctx.base + path)
    await page.locator(ready).first().waitFor()
    const fcp = Date.now() - started
    await page.waitForLoadState('networkidle')
    const label = `${view}-${who}-${path.replace(/[^a-z0-9]+/gi, '_').replace(/^_|_$/g, '') || 'board'}`
    const width = await ctx.fits(page, label)
    await ctx.axe(page, label)
    await page.screenshot({ path: join(dir, `${label}.png`), fullPage: true })
    timings.push({ view, who, path, first_content_ms: fcp === null ? null : Math.round(fcp), scroll_width: width ?? null })
  }

  const days = {
    enterprise: [
      ['/home', sel('home-welcome')],
      ['/my/challenges'],
      ['/challenges/new'],
      [`/challenges/${ids.running}`, sel('challenge-title')],
      [`/challenges/${ids.running}/race`],
      [`/challenges/${ids.done}/funding`],
      ['/notifications'],
    ],
    team: [
      ['/home', sel('home-welcome')],
      [`/challenges/${ids.published}`, sel('challenge-title')],
      ['/my/bids'],
      [`/challenges/${ids.running}/race`],
      ...(ids.teamRacer ? [[`/racers/${ids.teamRacer}/taskbook`]] : []),
      ['/notifications'],
    ],
    expert: [
      ['/home', sel('home-welcome')],
      ['/review/workbench'],
      ['/review/profile'],
      ['/notifications'],
    ],
    bureau: [
      ['/home', sel('home-welcome')],
      ['/bureau/review'],
      ['/bureau/orgs'],
      [`/challenges/${ids.notice}/bids`],
      [`/challenges/${ids.notice}/rounds`],
      ...(ids.round ? [[`/review/rounds/${ids.round}`]] : []),
      ['/notices'],
      [`/challenges/${ids.running}/race`],
      [`/racers/${ids.racer}/taskbook`],
      [`/challenges/${ids.done}/funding`],
      ['/bureau/dashboard'],
      ['/bureau/audit'],
      ['/settings/limits'],
      ['/results'],
    ],
    admin: [
      ['/home', sel('home-welcome')],
      ['/admin/users'],
      ['/calendar'],
      ['/notifications'],
    ],
  }
  for (const view of ['desktop', 'phone']) {
    const anon = await ctx.newPage({ phone: view === 'phone' })
    await visit(anon, 'anyone', view, '/', sel('board-results'))
    await visit(anon, 'anyone', view, '/results')
    await anon.context().close()
    for (const [who, pages] of Object.entries(days)) {
      const page = await ctx.newPage({ phone: view === 'phone' })
      await loginAs(page, ctx, demoUser(who), ctx.state.demoPassword)
      for (const [path, ready] of pages) await visit(page, who, view, path, ready)
      await page.context().close()
    }
  }

  const measured = timings.filter((t) => t.first_content_ms !== null).sort((a, b) => b.first_content_ms - a.first_content_ms)
  writeFileSync(join(dir, 'first-content.json'), JSON.stringify({ pages: timings.length, slowest: measured.slice(0, 5), all: timings }, null, 2))
  const s = measured[0]
  ctx.log(`${timings.length} pages; slowest first content: ${s?.first_content_ms} ms (${s?.view} ${s?.who} ${s?.path}); screenshots in e2e/artifacts/days/`)
}
