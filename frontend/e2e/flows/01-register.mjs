// Flow 1: enterprise and team users register through the real registration page (with the live credit code
// check and the lookup of an existing organisation) and log in.
import { assert, badCreditCode, click, confirmBox, creditCode, fill, login, sel } from '../lib.mjs'

export const PASSWORD = 'Jiebang2026x'

export const USERS = {
  ent: { role: 'enterprise', name: '王海峰', email: 'ent@e2e.test', org: { name: '苏州示范储能装备有限公司', type: 'enterprise', code: creditCode(100100001) } },
  team1: { role: 'team', name: '李青', email: 'team1@e2e.test', org: { name: '东吴理工大学', type: 'university', code: creditCode(200200002) } },
  team1b: { role: 'team', name: '赵敏', email: 'team1b@e2e.test', org: { name: '东吴理工大学', type: 'university', code: creditCode(200200002) }, joins: true },
  team2: { role: 'team', name: '陈默', email: 'team2@e2e.test', org: { name: '江南新材料研究院', type: 'research_institute', code: creditCode(300300003) } },
  team3: { role: 'team', name: '周舟', email: 'team3@e2e.test', org: { name: '姑苏智造科技有限公司', type: 'enterprise', code: creditCode(400400004) } },
}

async function register(page, base, u, { showBadCode = false } = {}) {
  await page.goto(base + '/register')
  await click(page, 'register-role-' + u.role)
  await fill(page, 'register-name', u.name)
  await fill(page, 'register-email', u.email)
  await fill(page, 'register-password', PASSWORD)
  await page.locator(sel('password-strength')).waitFor()
  await fill(page, 'register-password2', PASSWORD)
  if (showBadCode) {
    await fill(page, 'register-credit-code', badCreditCode(100100001))
    const err = page.locator(sel('credit-code-error'))
    await err.waitFor()
    assert.match(await err.innerText(), /校验码不正确/)
  }
  await fill(page, 'register-credit-code', u.org.code)
  await page.locator(sel('credit-code-ok')).waitFor()
  const lookup = page.locator(sel('credit-code-lookup'))
  await lookup.waitFor()
  if (u.joins) {
    assert.match(await lookup.innerText(), new RegExp('将加入已有单位「' + u.org.name + '」'))
  } else {
    assert.match(await lookup.innerText(), /将新建单位/)
    await fill(page, 'register-org-name', u.org.name)
    if (u.role !== 'enterprise') await click(page, 'register-org-type-' + u.org.type)
  }
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/register')),
    click(page, 'register-submit'),
  ])
  assert.equal(res.status(), 201, `register ${u.email}: ${res.status()} ${await res.text()}`)
  await page.waitForURL(/\/login\?/)
  await page.locator(sel('login-notice')).waitFor()
}

export default async function flow(ctx) {
  const page = await ctx.newPage()
  for (const key of ['team1', 'team1b', 'team2', 'team3']) await register(page, ctx.base, USERS[key])
  await register(page, ctx.base, USERS.ent, { showBadCode: true })
  ctx.log('registered 5 users')

  // the login page is prefilled with the e-mail after registration; log in as the enterprise
  assert.equal(await page.locator('input[data-test="login-email"]').inputValue(), USERS.ent.email)
  await fill(page, 'login-password', PASSWORD)
  await click(page, 'login-submit')
  await page.waitForURL(/\/home$/)
  await page.locator(sel('unverified-alert')).waitFor()
  assert.match(await page.locator(sel('home-welcome')).innerText(), /王海峰/)
  await page.locator(sel('home-new-challenge')).waitFor()
  await click(page, 'user-menu')
  await click(page, 'logout')
  await page.waitForURL(/\/login$/)

  const team = await ctx.newPage()
  await login(team, ctx.base, USERS.team1.email, PASSWORD)
  await team.locator(sel('home-bids')).waitFor()
  assert.match(await team.locator(sel('home-welcome')).innerText(), /东吴理工大学/)

  // a wrong password is refused with the server's message
  const other = await ctx.newPage()
  await other.goto(ctx.base + '/login')
  await fill(other, 'login-email', USERS.team2.email)
  await fill(other, 'login-password', 'wrong-password-1')
  await click(other, 'login-submit')
  await other.locator(sel('login-error')).waitFor()

  // the language switch changes the UI (and Element Plus) to English and is remembered
  await click(other, 'lang-en')
  await other.locator(sel('login-submit')).getByText('Log in').waitFor()
  await other.reload()
  await other.locator(sel('login-submit')).getByText('Log in').waitFor()
  await click(other, 'lang-zh')
  await other.locator(sel('login-submit')).getByText('登 录').waitFor()

  // the administrator disables and re-enables an account on the users page
  const adm = await ctx.newPage()
  await login(adm, ctx.base, ctx.state.admin.email, ctx.state.admin.password)
  await click(adm, 'stat-users')
  await adm.waitForURL(/\/admin\/users$/)
  const row = adm.locator(`${sel('users-table')} tr`, { hasText: USERS.team1b.email })
  await row.waitFor()
  await row.getByRole('button', { name: '停用' }).click()
  let [res] = await Promise.all([adm.waitForResponse((r) => /\/users\/\d+\/disable$/.test(r.url())), confirmBox(adm)])
  assert.equal(res.status(), 200, await res.text())
  await row.getByText('已停用').waitFor()
  const disabled = await ctx.api('POST', '/auth/login', { email: USERS.team1b.email, password: PASSWORD })
  assert.notEqual(disabled.status, 200, 'a disabled account cannot log in')
  ;[res] = await Promise.all([adm.waitForResponse((r) => /\/users\/\d+\/enable$/.test(r.url())), row.getByRole('button', { name: '启用' }).click()])
  assert.equal(res.status(), 200, await res.text())
  await row.getByText('正常').waitFor()
  ctx.state.users = USERS
  ctx.state.password = PASSWORD
}
