// Flow 5: organisation membership. A second user of the university registers with its (public) credit code and
// is told to wait; until approved it acts for no organisation (no bids of the university). The university's
// administrator approves the request on the 单位成员 page in the browser; the new member then sees the
// organisation's bids.
import { assert, click, fill, login, sel, waitApi } from '../lib.mjs'

const NEWCOMER = { name: '钱进', email: 'team1c@e2e.test' }

export default async function flow(ctx) {
  const { users, password } = ctx.state
  assert.ok(users, 'needs the register flow')
  const uni = users.team1

  // registration with the university's credit code: the page says it will join, then that approval is needed
  const page = await ctx.newPage()
  await page.goto(ctx.base + '/register')
  await click(page, 'register-role-team')
  await fill(page, 'register-name', NEWCOMER.name)
  await fill(page, 'register-email', NEWCOMER.email)
  await fill(page, 'register-password', password)
  await fill(page, 'register-password2', password)
  await fill(page, 'register-credit-code', uni.org.code)
  await page.locator(sel('credit-code-lookup')).getByText(uni.org.name).waitFor()
  const [reg] = await Promise.all([waitApi(page, /\/auth\/register$/), click(page, 'register-submit')])
  assert.equal(reg.status(), 201, await reg.text())
  const newcomer = await reg.json()
  assert.equal(newcomer.membership, 'pending')
  await page.waitForURL(/\/login\?/)
  assert.match(await page.locator(sel('login-notice')).innerText(), new RegExp(`需「${uni.org.name}」的单位管理员审核`))
  await ctx.shot(page, 'registered')

  // logged in, the newcomer is told to wait and sees none of the university's bids
  await fill(page, 'login-password', password)
  await click(page, 'login-submit')
  await page.waitForURL(/\/home$/)
  const notice = page.locator(sel('membership-pending'))
  await notice.waitFor()
  assert.match(await notice.innerText(), new RegExp(`您加入「${uni.org.name}」的申请正在等待该单位管理员审核`))
  await ctx.shot(page, 'pending')
  const direct = await ctx.api('POST', '/auth/login', { email: NEWCOMER.email, password })
  const before = await ctx.api('GET', '/me/bids', undefined, direct.body.access_token)
  assert.equal(before.status, 403, 'a pending member lists no bids of the organisation')

  // the university's administrator approves the request in the browser
  const adm = await ctx.newPage()
  await login(adm, ctx.base, uni.email, password)
  await click(adm, 'nav-members')
  await adm.waitForURL(/\/org\/members$/)
  await adm.locator(sel('member-name-' + newcomer.id)).waitFor()
  await ctx.shot(adm, 'requests')
  const [ok] = await Promise.all([waitApi(adm, new RegExp(`/members/${newcomer.id}/approve$`)), click(adm, 'member-approve-' + newcomer.id)])
  assert.equal(ok.status(), 200, await ok.text())
  await adm.locator(`${sel('members-active')} tr`, { hasText: NEWCOMER.email }).waitFor()

  // the new member now acts for the university: the notice is gone and its bids are listed
  await page.goto(ctx.base + '/my/bids')
  const rows = page.locator(`${sel('my-bids')} [data-test^="my-bid-"]`)
  await rows.first().waitFor()
  assert.ok((await rows.count()) >= 1, 'the approved member sees the organisation\'s bids')
  await page.goto(ctx.base + '/home')
  await page.locator(sel('home-welcome')).waitFor()
  assert.equal(await page.locator(sel('membership-pending')).count(), 0)
  await ctx.shot(page, 'approved')
}
