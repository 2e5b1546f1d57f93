// Flow: the site on a phone (390×844). The board, a challenge, login, register and logged-in lists fit the
// screen (nothing reaches past its right edge), the header collapses to a menu, and axe-core finds no serious or
// critical WCAG 2.1 A/AA violation. The bureau's bids page of a challenge with 25 bids pages through all of them.
import { assert, click, fill, sel } from '../lib.mjs'
import { FIXTURE_PASSWORD, publishedChallenge } from '../fixtures.mjs'

async function look(ctx, page, label) {
  await page.waitForLoadState('networkidle')
  await ctx.fits(page, label)
  await ctx.axe(page, label)
  await ctx.shot(page, label)
}

export default async function flow(ctx) {
  const ch = await publishedChallenge(ctx, 600600000, { bids: 25 })
  ctx.log(`challenge #${ch.id} with ${ch.teams.length} bids`)

  // anonymous visitor: board, the challenge, login, register
  const page = await ctx.newPage({ phone: true })
  await page.goto(ctx.base + '/')
  await page.locator(sel('board-results')).waitFor()
  await look(ctx, page, 'board')
  // the header collapses: the links sit behind a menu button
  assert.equal(await page.locator(sel('nav-board')).first().isVisible(), false, 'nav links hidden behind the menu')
  await click(page, 'nav-toggle')
  await page.locator(sel('nav-board')).first().waitFor()
  await look(ctx, page, 'menu-open')
  await click(page, 'nav-toggle')

  await page.goto(ctx.base + '/challenges/' + ch.id)
  await page.locator(sel('challenge-title')).waitFor()
  assert.match(await page.title(), new RegExp(ch.title.replace(/\s+/g, '\\s+')))
  await look(ctx, page, 'challenge')

  await page.goto(ctx.base + '/login')
  await page.locator(sel('login-email')).first().waitFor()
  await look(ctx, page, 'login')
  await page.goto(ctx.base + '/register')
  await page.locator(sel('register-email')).first().waitFor()
  await look(ctx, page, 'register')

  // a team member: my bids
  const team = ch.teams[0]
  await fill(page, 'nav-login', '') .catch(() => {})
  await page.goto(ctx.base + '/login')
  await fill(page, 'login-email', team.email)
  await fill(page, 'login-password', FIXTURE_PASSWORD)
  await click(page, 'login-submit')
  await page.waitForURL(/\/home$/)
  await look(ctx, page, 'team-home')
  await page.goto(ctx.base + '/my/bids')
  await page.locator(sel('my-bids')).waitFor()
  await look(ctx, page, 'my-bids')
  await page.goto(ctx.base + '/bids/' + team.bidId)
  await page.locator(sel('page-title')).first().waitFor()
  await look(ctx, page, 'bid')

  // the bureau: the bids page of the challenge pages through all 25 bids
  const bureau = await ctx.newPage({ phone: true })
  await bureau.goto(ctx.base + '/login')
  await fill(bureau, 'login-email', ctx.state.bureau.email)
  await fill(bureau, 'login-password', ctx.state.bureau.password)
  await click(bureau, 'login-submit')
  await bureau.waitForURL(/\/home$/)
  await look(ctx, bureau, 'bureau-home')
  await bureau.goto(ctx.base + `/challenges/${ch.id}/bids`)
  await bureau.locator('[data-test^="bid-row-"]').first().waitFor()
  await look(ctx, bureau, 'bids')
  const seen = new Set()
  for (let p = 1; p <= 5; p++) {
    for (const t of await bureau.locator('[data-test^="bid-row-"]').evaluateAll((els) => els.map((e) => e.dataset.test))) seen.add(t)
    const next = bureau.locator(`${sel('bids-pager')} .btn-next`)
    if (!(await next.count()) || (await next.isDisabled())) break
    await Promise.all([bureau.waitForResponse((r) => /\/bids$/.test(new URL(r.url()).pathname)), next.click()])
    await bureau.locator('[data-test^="bid-row-"]').first().waitFor()
  }
  assert.equal(seen.size, 25, `the bids page shows every bid across its pages (saw ${seen.size})`)
  await bureau.goto(ctx.base + '/bureau/review')
  await bureau.locator(sel('page-title')).first().waitFor()
  await look(ctx, bureau, 'review-queue')
  await bureau.goto(ctx.base + '/bureau/orgs')
  await bureau.locator(sel('page-title')).first().waitFor()
  await look(ctx, bureau, 'orgs')
}
