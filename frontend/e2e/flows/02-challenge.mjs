// Flow 2: the enterprise writes and submits a challenge; the bureau verifies organisations on the
// organisations page, returns the challenge with an opinion; the enterprise fixes and resubmits; the bureau
// approves and publishes; a visitor finds it on the public board by a Chinese keyword.
import { assert, choose, click, clickAndWait, confirmBox, fill, login, sel } from '../lib.mjs'

export const TITLE = '高压储氢瓶碳纤维缠绕成型工艺攻关'
const OPINION = '请补充各项指标的第三方测评方法，并明确知识产权归属。'

async function statusIs(page, status) {
  await page.locator(`${sel('challenge-status')}[data-status="${status}"]`).waitFor()
}

export default async function flow(ctx) {
  const { users, password } = ctx.state
  assert.ok(users, 'needs the register flow')

  // enterprise: new challenge, saved as a draft with the second KPI's target missing
  const ent = await ctx.newPage()
  await login(ent, ctx.base, users.ent.email, password)
  await click(ent, 'home-new-challenge')
  await ent.waitForURL(/\/challenges\/new$/)
  await fill(ent, 'ch-title', TITLE)
  await choose(ent, 'ch-field', 'field-option-energy')
  await fill(ent, 'ch-background', '氢能产业集群发展迅速，70MPa 车载储氢瓶依赖进口，成本高、供货周期长。')
  await fill(ent, 'ch-problem', '突破高压储氢瓶碳纤维湿法缠绕成型工艺，解决纤维张力控制与固化变形问题，实现国产化批量制造。')
  await fill(ent, 'kpi-name-0', '爆破压力')
  // the comparison is chosen, never defaulted to ≥
  await choose(ent, 'kpi-comparison-0', 'kpi-comparison-option-ge')
  await fill(ent, 'kpi-target-0', '157.5')
  await fill(ent, 'kpi-unit-0', 'MPa')
  await fill(ent, 'kpi-method-0', '按 GB/T 35544 进行水压爆破试验')
  await click(ent, 'kpi-add')
  await fill(ent, 'kpi-name-1', '质量储氢密度')
  await choose(ent, 'kpi-comparison-1', 'kpi-comparison-option-ge')
  await fill(ent, 'kpi-unit-1', 'wt%')
  await fill(ent, 'kpi-method-1', '第三方检测机构称重测试')
  await fill(ent, 'ch-deliverables', '工艺规程一套、样瓶 20 只、发明专利 2 项、检测报告')
  await fill(ent, 'ch-duration', '24')
  await fill(ent, 'ch-budget', '3000')
  await fill(ent, 'ch-gov', '1000')
  await fill(ent, 'ch-cofunding', '1500')
  await fill(ent, 'ch-ip', '背景知识产权归原权利人，项目产生的知识产权由双方共有。')
  await fill(ent, 'ch-eligibility', '具备复合材料成型研究基础的高校、科研院所或企业均可揭榜。')
  await click(ent, 'ch-mode-race')
  const created = await clickAndWait(ent, 'ch-save', '/api/v1/challenges')
  assert.equal(created.status(), 201, await created.text())
  const challenge = await created.json()
  const id = challenge.id
  await ent.waitForURL(new RegExp(`/challenges/${id}/edit$`))
  assert.equal(challenge.mode, 'race')
  assert.equal(challenge.gov_funding_fen, 1_000_000_000)
  assert.equal(challenge.stages.length, 2)
  ctx.log('draft saved', id)

  // bureau: verify the organisations on the organisations page
  const bur = await ctx.newPage()
  await login(bur, ctx.base, ctx.state.bureau.email, ctx.state.bureau.password)
  await ctx.shot(bur, 'bureau-home')
  await click(bur, 'stat-unverified')
  await bur.waitForURL(/\/bureau\/orgs/)
  await bur.locator(sel('orgs-table')).getByText(users.ent.org.name).waitFor()
  await ctx.shot(bur, 'orgs')
  const orgs = (await ctx.api('GET', '/orgs?verified=false&page_size=100', undefined, await ctx.bureauToken())).body.items
  for (const u of ['ent', 'team1', 'team2', 'team3']) {
    const org = orgs.find((o) => o.credit_code === users[u].org.code)
    assert.ok(org, `org of ${u} awaits verification`)
    await bur.locator(sel('org-verify-' + org.id)).click()
    const [res] = await Promise.all([bur.waitForResponse((r) => r.url().endsWith(`/orgs/${org.id}/verify`)), confirmBox(bur)])
    assert.equal(res.status(), 200)
    users[u].org.id = org.id
  }
  ctx.log('orgs verified')

  // bureau: change an organisation's credit status with a written reason
  const t3org = users.team3.org.id
  await bur.goto(ctx.base + '/bureau/orgs')
  await fill(bur, 'orgs-search', '姑苏智造')
  await click(bur, 'orgs-search-btn')
  await bur.locator(sel('org-verified-' + t3org)).getByText('已核验').waitFor()
  assert.equal(await bur.locator(`${sel('orgs-table')} tbody tr`).count(), 1)
  await bur.locator(sel('org-credit-' + t3org)).click()
  await click(bur, 'credit-status-warned')
  await click(bur, 'credit-save')
  await bur.locator(`${sel('credit-dialog')} .el-form-item__error`).waitFor() // reason required
  await fill(bur, 'credit-reason', '申报材料曾存在不实情况，予以警示。')
  const [cr] = await Promise.all([bur.waitForResponse((r) => r.url().endsWith(`/orgs/${t3org}/credit`)), click(bur, 'credit-save')])
  assert.equal(cr.status(), 200, await cr.text())
  assert.equal((await cr.json()).credit_status, 'warned')

  // enterprise: submitting the incomplete draft shows the field error beside the KPI target
  await ent.reload()
  await click(ent, 'ch-submit')
  const err = ent.locator(sel('kpi-target-error-1'))
  await err.waitFor()
  assert.ok((await err.innerText()).length > 0)
  await ctx.shot(ent, 'editor-field-error')
  await fill(ent, 'kpi-target-1', '5.5')
  await click(ent, 'ch-submit')
  await ent.waitForURL(new RegExp(`/challenges/${id}$`))
  await statusIs(ent, 'submitted')
  ctx.log('submitted')

  // bureau: review queue -> return with an opinion
  await bur.goto(ctx.base + '/home')
  await click(bur, 'stat-submitted')
  await click(bur, 'queue-item-' + id)
  await bur.waitForURL(new RegExp(`/challenges/${id}$`))
  await click(bur, 'challenge-return')
  await click(bur, 'validate-confirm')
  await bur.locator(`${sel('validate-dialog')} .el-form-item__error`).first().waitFor() // opinion required
  await fill(bur, 'validate-opinion', OPINION)
  await clickAndWait(bur, 'validate-confirm', `/challenges/${id}/validate`)
  await statusIs(bur, 'returned')
  await ctx.shot(bur, 'detail-returned')

  // enterprise: sees the opinion, fixes and resubmits
  await ent.goto(ctx.base + '/my/challenges')
  assert.match(await ent.locator(sel('my-challenge-opinion')).first().innerText(), /第三方测评方法/)
  await click(ent, 'my-challenge-' + id)
  await ent.locator(sel('challenge-last-opinion')).waitFor()
  await click(ent, 'challenge-edit')
  await ent.waitForURL(new RegExp(`/challenges/${id}/edit$`))
  await ent.locator(sel('editor-last-opinion')).waitFor()
  await fill(ent, 'kpi-method-1', '委托国家级第三方检测机构按 GB/T 35544 测试')
  await fill(ent, 'ch-ip', '背景知识产权归原权利人；项目形成的知识产权归揭榜方所有，发榜企业享有优先实施许可。')
  await click(ent, 'ch-submit')
  await ent.waitForURL(new RegExp(`/challenges/${id}$`))
  await statusIs(ent, 'submitted')

  // bureau: approve, then publish with a deadline typed into the date picker (5 days ahead, so the bidding
  // flow can pass it with the test clock while the 30-day refresh tokens stay valid)
  await bur.reload()
  await click(bur, 'challenge-approve')
  await clickAndWait(bur, 'validate-confirm', `/challenges/${id}/validate`)
  await statusIs(bur, 'approved')
  await click(bur, 'challenge-publish')
  // Five days after the server's now, China date (never the machine's date or zone).
  const serverNow = Date.parse((await ctx.api('GET', '/test/clock')).body.now)
  const d = new Date(serverNow + 8 * 3600_000 + 5 * 86400_000)
  const p2 = (n) => String(n).padStart(2, '0')
  const day = `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}`
  const deadline = `${day} 17:00`
  const picker = bur.locator(`${sel('publish-deadline')} input, input${sel('publish-deadline')}`).first()
  await picker.fill(deadline)
  await picker.press('Enter')
  // The picker shows the date as people read it, and sends it as China time.
  assert.equal(await picker.inputValue(), `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日 17:00`)
  await ctx.shot(bur, 'publish-dialog')
  const pub = await clickAndWait(bur, 'publish-confirm', `/challenges/${id}/publish`)
  assert.equal(pub.status(), 200, await pub.text())
  const published = await pub.json()
  assert.equal(new Date(published.bid_deadline).getTime(), Date.parse(`${day}T17:00:00+08:00`))
  await statusIs(bur, 'published')
  await bur.locator(sel('challenge-history')).waitFor()
  await ctx.shot(bur, 'detail-published')
  ctx.log('published')

  // visitor: finds it on the board by a Chinese keyword
  const pub2 = await ctx.newPage()
  await pub2.goto(ctx.base + '/')
  await fill(pub2, 'board-search', '储氢瓶')
  await click(pub2, 'board-search-btn')
  await pub2.waitForURL(/q=/)
  const card = pub2.locator(sel('challenge-card-' + id))
  await card.waitFor()
  assert.match(await card.innerText(), /1,000\.00/) // government funding in 万元
  await ctx.shot(pub2, 'board-search')
  await card.locator(sel('challenge-card-title')).click()
  await pub2.waitForURL(new RegExp(`/challenges/${id}$`))
  assert.equal(await pub2.locator(sel('challenge-title')).innerText(), TITLE)
  await pub2.locator(sel('challenge-kpis')).waitFor()
  await ctx.shot(pub2, 'public-detail')

  // a keyword that matches nothing shows the empty state
  await pub2.goto(ctx.base + '/challenges?q=' + encodeURIComponent('量子引力波'))
  await pub2.locator(sel('board-empty')).waitFor()
  ctx.state.challengeId = id
}
