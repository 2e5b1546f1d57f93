// Flow 10: notifications, reminders and the bureau's settings. The enterprise's bell counts up when the bureau
// returns its challenge, and the notification leads to the challenge; a team with an unsubmitted draft gets a
// reminder when the test clock nears the bid deadline; the bureau renames an industry field and adds one in
// the browser, and the public board's filters follow. It uses the register flow's enterprise and third team when
// they exist (registration is rate-limited per address), otherwise it registers its own through the API.
import { apiUsers, assert, click, creditCode, fill, login, sel } from '../lib.mjs'

const PASSWORD = 'Notify-e2e-2026'
const OPINION = '请补充样机的第三方检测方案。'

async function register(ctx, key, role, type, seed) {
  const email = `${key}@notify.e2e.test`
  const r = await ctx.api('POST', '/auth/register', {
    email, password: PASSWORD, name: key === 'ent' ? '孙立' : '何平', role,
    org: { name: key === 'ent' ? '吴江精密机床有限公司' : '太湖工学院', type, credit_code: creditCode(seed) },
  })
  assert.equal(r.status, 201, JSON.stringify(r.body))
  const v = await ctx.api('POST', `/orgs/${r.body.org.id}/verify`, undefined, await ctx.bureauToken())
  assert.equal(v.status, 200, JSON.stringify(v.body))
  return email
}

/** The enterprise and team users: the register flow's, or new ones; their orgs verified, their inboxes read. */
async function actors(ctx) {
  const { users, password } = ctx.state
  let ent, team, pw
  if (users?.ent && users?.team3) {
    ;[ent, team, pw] = [users.ent.email, users.team3.email, password]
  } else {
    ;[ent, team, pw] = [await register(ctx, 'ent', 'enterprise', 'enterprise', 510510001), await register(ctx, 'team', 'team', 'university', 520520002), PASSWORD]
  }
  for (const email of [ent, team]) {
    const tok = await token(ctx, email, pw)
    const me = (await ctx.api('GET', '/me', undefined, tok)).body
    await ctx.api('POST', `/orgs/${me.org.id}/verify`, undefined, await ctx.bureauToken()) // 409 when already verified
    assert.equal((await ctx.api('POST', '/notifications/read-all', undefined, tok)).status, 200)
  }
  return { entEmail: ent, teamEmail: team, pw }
}

async function token(ctx, email, password = PASSWORD) {
  const r = await ctx.api('POST', '/auth/login', { email, password })
  assert.equal(r.status, 200, JSON.stringify(r.body))
  return r.body.access_token
}

function challenge(title) {
  return {
    title, field: 'equipment', background: '五轴数控机床主轴热变形影响加工精度。', problem: '研制主轴热误差实时补偿系统。',
    kpis: [{ name: '热漂移', target: 5, unit: 'μm', comparison: '<=', method: '按 GB/T 17421.3 试验' }],
    deliverables: '补偿系统 1 套', duration_months: 18, budget_fen: 300_000_000, gov_funding_fen: 100_000_000,
    cofunding_fen: 150_000_000, ip_terms: '双方共有', eligibility: '不限', mode: 'single', max_racers: 1,
  }
}

async function bellCount(page, n) {
  if (n === 0) await page.locator(sel('bell-count')).waitFor({ state: 'detached' })
  else await page.locator(sel('bell-count')).getByText(String(n), { exact: true }).waitFor()
}

export default async function flow(ctx) {
  const { entEmail, teamEmail, pw } = await actors(ctx)
  const entTok = await token(ctx, entEmail, pw)
  const bur = await ctx.bureauToken()

  // 1. The bell counts up when the bureau returns the enterprise's challenge.
  const c1 = await ctx.api('POST', '/challenges', challenge('五轴机床主轴热误差补偿系统研制'), entTok)
  assert.equal(c1.status, 201, JSON.stringify(c1.body))
  assert.equal((await ctx.api('POST', `/challenges/${c1.body.id}/submit`, undefined, entTok)).status, 200)
  const ent = await ctx.newPage()
  await login(ent, ctx.base, entEmail, pw)
  await ent.locator(sel('bell')).waitFor()
  await bellCount(ent, 0)
  const ret = await ctx.api('POST', `/challenges/${c1.body.id}/validate`, { decision: 'return', opinion: OPINION }, bur)
  assert.equal(ret.status, 200, JSON.stringify(ret.body))
  await click(ent, 'nav-board') // any navigation refreshes the bell
  await bellCount(ent, 1)
  await ctx.shot(ent, 'bell')
  await click(ent, 'bell')
  await ent.waitForURL(/\/notifications$/)
  // other flows' returned challenges may be listed too: this one is told apart by its opinion
  const item = ent.locator(sel('notify-challenge.returned')).filter({ hasText: OPINION })
  await item.getByText(OPINION, { exact: false }).waitFor()
  await ctx.shot(ent, 'list')
  await item.locator('button').click()
  await ent.waitForURL(new RegExp(`/challenges/${c1.body.id}$`))
  await bellCount(ent, 0)
  ctx.log('bell counted the returned challenge', c1.body.id)

  // 2. A reminder arrives when the test clock nears the bid deadline of a draft bid.
  const c2 = await ctx.api('POST', '/challenges', challenge('精密减速器回差在线检测装置'), entTok)
  await ctx.api('POST', `/challenges/${c2.body.id}/submit`, undefined, entTok)
  await ctx.api('POST', `/challenges/${c2.body.id}/validate`, { decision: 'approve', opinion: '' }, bur)
  const now = new Date((await ctx.api('GET', '/test/clock')).body.now)
  const deadline = new Date(now.getTime() + 4 * 24 * 3600_000).toISOString()
  const pub = await ctx.api('POST', `/challenges/${c2.body.id}/publish`, { bid_deadline: deadline }, bur)
  assert.equal(pub.status, 200, JSON.stringify(pub.body))
  const bid = await ctx.api('POST', `/challenges/${c2.body.id}/bids`, {}, await token(ctx, teamEmail, pw))
  assert.equal(bid.status, 201, JSON.stringify(bid.body))
  const team = await ctx.newPage()
  await login(team, ctx.base, teamEmail, pw)
  await bellCount(team, 0)
  const adv = await ctx.api('POST', '/test/clock', { advance: '25h' }) // 2 days 23 hours before the deadline
  assert.equal(adv.status, 200, JSON.stringify(adv.body))
  await click(team, 'nav-board')
  await team.locator(sel('bell-count')).waitFor() // other flows' deadlines may remind too
  await click(team, 'bell')
  await team.locator(sel('notify-bid.deadline_near')).getByText('揭榜截止还有 3 天：《精密减速器回差在线检测装置》').waitFor()
  // the reminder says what to do next, with a button that goes there
  const next = team.locator(sel('notify-bid.deadline_near')).filter({ hasText: '精密减速器回差在线检测装置' }).locator(sel('notify-next')).first()
  assert.equal((await next.innerText()).trim(), '继续填写并提交')
  await ctx.shot(team, 'reminder')
  await next.click()
  await team.waitForURL(new RegExp(`/bids/${bid.body.id}/edit$`))
  await team.locator(sel('bid-quota')).waitFor()
  ctx.log('reminder arrived', bid.body.id)

  // 3. The bureau renames a field and adds one; the public board's filters follow.
  const boss = await ctx.newPage()
  await login(boss, ctx.base, ctx.state.bureau.email, ctx.state.bureau.password)
  await click(boss, 'nav-settings')
  await boss.waitForURL(/\/settings\/fields$/)
  await click(boss, 'field-edit-marine')
  await fill(boss, 'field-edit-zh', '海洋工程装备')
  await click(boss, 'field-edit-save')
  await boss.locator(sel('field-zh-marine')).getByText('海洋工程装备').waitFor()
  await fill(boss, 'field-add-code', 'quantum')
  await fill(boss, 'field-add-zh', '量子科技')
  await fill(boss, 'field-add-en', 'Quantum technology')
  await click(boss, 'field-add-submit')
  await boss.locator(sel('field-zh-quantum')).getByText('量子科技').waitFor()
  await ctx.shot(boss, 'fields')
  // an expert chooses the new field on the profile page at once
  const xu = apiUsers(ctx, { prefix: `notify-${Date.now()}`, label: '量子', password: pw, codeBase: 880000 })
  const qx = await xu.register('expert', 'research_institute', 1, await ctx.bureauToken())
  const xp = await ctx.newPage()
  await login(xp, ctx.base, qx.email, pw)
  await xp.goto(`${ctx.base}/review/profile`)
  await xp.locator(sel('fields')).getByText('量子科技').click()
  const [prof] = await Promise.all([
    xp.waitForResponse((r) => r.request().method() === 'PUT' && r.url().endsWith('/me/expert-profile')),
    click(xp, 'save-profile'),
  ])
  assert.equal(prof.status(), 200, await prof.text())
  assert.deepEqual((await prof.json()).fields, ['quantum'])
  await xp.close()
  // a limit outside its range is refused naming the field; a sane one is kept
  await click(boss, 'settings-tab-limits')
  await fill(boss, 'limit-notice_days', '0')
  await click(boss, 'limits-save')
  await boss.locator('.el-form-item.is-error').filter({ has: boss.locator(sel('limit-notice_days')) }).waitFor()
  await fill(boss, 'limit-notice_days', '7')
  const [saved] = await Promise.all([
    boss.waitForResponse((r) => r.request().method() === 'PUT' && r.url().endsWith('/settings/limits')),
    click(boss, 'limits-save'),
  ])
  assert.equal(saved.status(), 200, await saved.text())
  assert.equal((await saved.json()).notice_days, 7)
  await ctx.shot(boss, 'limits')
  const visitor = await ctx.newPage()
  await visitor.goto(ctx.base + '/')
  await visitor.locator(sel('filter-field-marine')).getByText('海洋工程装备').waitFor()
  await visitor.locator(sel('filter-field-quantum')).getByText('量子科技').waitFor()
  await click(visitor, 'filter-field-quantum')
  await visitor.waitForURL(/field=quantum/)
  await ctx.shot(visitor, 'board')
  ctx.log('board filters follow the field list')
}
