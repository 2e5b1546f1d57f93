// Flow: every page of the core process, as each role sees it on a desktop (and the board in English), has no
// serious or critical WCAG 2.1 A/AA violation found by axe-core, and forms and dialogs work from the keyboard:
// the login form submits with Enter, the skip link reaches the content, a dialog opens on Enter, takes the
// focus, and closes on Escape.
import { assert, fill, sel } from '../lib.mjs'
import { loginAs, publishedChallenge } from '../fixtures.mjs'

async function visit(ctx, page, path, label, ready = sel('page-title')) {
  await page.goto(ctx.base + path)
  await page.locator(ready).first().waitFor()
  await page.waitForLoadState('networkidle')
  await ctx.axe(page, label)
  await ctx.shot(page, label)
}

export default async function flow(ctx) {
  const ch = await publishedChallenge(ctx, 800800000, { bids: 2, mode: 'race', title: '储能变流器宽温域高效率技术攻关' })
  const team = ch.teams[0]

  // anyone: board, challenge, login (keyboard), register — in Chinese and in English
  const anon = await ctx.newPage()
  await visit(ctx, anon, '/', 'board', sel('board-results'))
  await visit(ctx, anon, `/challenges/${ch.id}`, 'challenge', sel('challenge-title'))
  await visit(ctx, anon, '/register', 'register', sel('register-email'))
  await visit(ctx, anon, '/login', 'login', sel('login-email'))
  // keyboard: the skip link is the first stop and leads to the content; the form submits with Enter
  await anon.keyboard.press('Tab')
  assert.equal(await anon.evaluate(() => document.activeElement?.className), 'jb-skip')
  await anon.locator(`input${sel('login-email')}, ${sel('login-email')} input`).first().fill(team.email)
  await anon.locator(`input${sel('login-password')}, ${sel('login-password')} input`).first().fill('Fixture2026x')
  await anon.keyboard.press('Enter')
  await anon.waitForURL(/\/home$/)
  const en = await ctx.newPage({ locale: 'en' })
  await en.goto(ctx.base + '/')
  await en.locator(sel('lang-en')).click()
  await en.locator(sel('board-results')).waitFor()
  await ctx.axe(en, 'board-en')
  await visit(ctx, en, `/challenges/${ch.id}`, 'challenge-en', sel('challenge-title'))

  // the team: workbench, its bids, the bid editor, the receipt
  await visit(ctx, anon, '/home', 'team-home', sel('home-welcome'))
  await visit(ctx, anon, '/my/bids', 'my-bids')
  await visit(ctx, anon, `/bids/${team.bidId}/edit`, 'bid-editor')
  await visit(ctx, anon, `/bids/${team.bidId}/receipt`, 'bid-receipt', sel('receipt-version'))
  await visit(ctx, anon, `/bids/${team.bidId}`, 'bid')
  // the challenge says the organisation already bids and offers its bid instead of 我要揭榜
  await anon.goto(ctx.base + `/challenges/${ch.id}`)
  await anon.locator(sel('challenge-org-bid')).waitFor()
  assert.equal(await anon.locator(sel('challenge-bid')).count(), 0)
  await anon.locator(sel('challenge-open-bid')).click()
  await anon.waitForURL(new RegExp(`/bids/${team.bidId}/edit$`))

  // the enterprise: workbench, its challenges, the editor
  const ent = await ctx.newPage()
  await loginAs(ent, ctx, ch.ent.email)
  await visit(ctx, ent, '/home', 'ent-home', sel('home-welcome'))
  await visit(ctx, ent, '/my/challenges', 'my-challenges')
  await visit(ctx, ent, '/challenges/new', 'challenge-editor')

  // the bureau: workbench, review queue, organisations, the bids page; a dialog from the keyboard
  const bureau = await ctx.newPage()
  await loginAs(bureau, ctx, ctx.state.bureau.email, ctx.state.bureau.password)
  await visit(ctx, bureau, '/home', 'bureau-home', sel('home-welcome'))
  await visit(ctx, bureau, '/bureau/review', 'review-queue')
  await visit(ctx, bureau, '/bureau/orgs', 'orgs')
  await visit(ctx, bureau, `/challenges/${ch.id}/bids`, 'bids')
  await visit(ctx, bureau, `/challenges/${ch.id}`, 'bureau-challenge', sel('challenge-title'))
  const amend = bureau.locator(sel('challenge-amend'))
  await amend.focus()
  await bureau.keyboard.press('Enter')
  const dialog = bureau.locator(`${sel('amend-dialog')}`)
  await dialog.waitFor()
  await ctx.axe(bureau, 'amend-dialog')
  assert.ok(await bureau.evaluate(() => !!document.activeElement?.closest('.el-dialog, .el-overlay')), 'the dialog takes the focus')
  await bureau.keyboard.press('Escape')
  await dialog.waitFor({ state: 'hidden' })

  // the admin: accounts
  const admin = await ctx.newPage()
  await loginAs(admin, ctx, ctx.state.admin.email, ctx.state.admin.password)
  await visit(ctx, admin, '/admin/users', 'users')
  await fill(admin, 'users-search', 'fixture')
}
