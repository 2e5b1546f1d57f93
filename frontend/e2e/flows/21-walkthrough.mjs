// Flow (on the demo): the README's "A walk through the demo", step by step, in the browser. The team's step —
// the limits shown before the work, 我要揭榜, the whole bid filled in and submitted, the receipt — is taken on a
// 390 px phone (the budget's 万元 inputs usable, nothing scrolling sideways); a team at its organisation's limit
// sees why it cannot bid and is offered no 我要揭榜.
import { assert, click, confirmBox, fill, must, sel, waitApi } from '../lib.mjs'
import { loginAs } from '../fixtures.mjs'

export const demo = true

const demoUser = (who) => `${who}@demo.jiebang.cn`

export default async function flow(ctx) {
  const pw = ctx.state.demoPassword
  const boss = (await must(ctx, 'POST', '/auth/login', { email: demoUser('bureau'), password: pw })).access_token
  const published = (await must(ctx, 'GET', '/challenges?status=published&page_size=100', undefined, boss)).items
  const motor = published.find((c) => c.title.includes('电机'))
  const carbon = published.find((c) => c.title.includes('碳纤维'))
  assert.ok(motor && carbon, 'the demo has the motor and the carbon-fibre challenges open for bids')

  // 1. Anyone: the board lists the published challenges; searching 电机 finds the motor challenge.
  const anon = await ctx.newPage()
  await anon.goto(ctx.base + '/')
  await anon.locator(sel('board-results')).waitFor()
  await fill(anon, 'board-search', '电机')
  await click(anon, 'board-search-btn')
  await anon.locator(sel('board-results')).getByText(motor.title).first().waitFor()

  // 2. The enterprise: 我的榜单 lists its challenges in every state; the draft opens in the editor.
  const ent = await ctx.newPage()
  await loginAs(ent, ctx, demoUser('enterprise'), pw)
  await ent.goto(ctx.base + '/my/challenges')
  await ent.locator(sel('my-challenges')).waitFor()
  const mine = (await must(ctx, 'GET', '/challenges?scope=mine&page_size=100', undefined,
    (await must(ctx, 'POST', '/auth/login', { email: demoUser('enterprise'), password: pw })).access_token)).items
  const draft = mine.find((c) => c.status === 'draft')
  if (draft) {
    await ent.goto(`${ctx.base}/challenges/${draft.id}/edit`)
    await ent.locator(sel('page-title')).first().waitFor()
  }

  // 3. The bureau: 榜单审核, 单位管理, and the closed offshore-wind challenge's bids with their pre-checks.
  const bureau = await ctx.newPage()
  await loginAs(bureau, ctx, demoUser('bureau'), pw)
  await bureau.goto(ctx.base + '/bureau/review')
  await bureau.locator(sel('page-title')).first().waitFor()
  await bureau.goto(ctx.base + '/bureau/orgs')
  await bureau.locator(sel('page-title')).first().waitFor()
  const notice = (await must(ctx, 'GET', '/challenges?status=notice&page_size=10', undefined, boss)).items[0]
  await bureau.goto(`${ctx.base}/challenges/${notice.id}/bids`)
  await bureau.locator('[data-test^="bid-row-"]').first().waitFor()

  // 4. The team, on a phone: the carbon-fibre challenge shows the limits before the work; 我要揭榜 starts a bid;
  // team, plan, budget and pledges filled in; submitted; the receipt with its SHA-256 digest; 我的揭榜 lists it.
  const c = await must(ctx, 'GET', `/challenges/${carbon.id}`)
  const team = await ctx.newPage({ phone: true })
  await loginAs(team, ctx, demoUser('team'), pw)
  await team.goto(`${ctx.base}/challenges/${carbon.id}`)
  const quota = team.locator(sel('bid-quota'))
  await quota.waitFor()
  assert.match(await quota.locator(sel('bid-quota-org')).innerText(), /已牵头 2 项有效申报（上限 3 项）/)
  await ctx.fits(team, 'walkthrough-challenge')
  const [res] = await Promise.all([waitApi(team, new RegExp(`/challenges/${carbon.id}/bids$`)), click(team, 'challenge-bid')])
  assert.equal(res.status(), 201, await res.text())
  const bidId = (await res.json()).id
  await team.waitForURL(new RegExp(`/bids/${bidId}/edit$`))
  await team.locator(sel('bid-quota')).waitFor()
  await fill(team, 'bid-pi-name', '王磊')
  await fill(team, 'bid-pi-email', 'wang.lei.carbon@donghai-tech.edu.cn')
  await click(team, 'member-add').catch(() => {})
  await fill(team, 'member-name-0', '许诺')
  await fill(team, 'member-role-0', '树脂体系')
  await fill(team, 'bid-approach', '快速固化环氧体系与高压树脂传递模塑结合，模内传感闭环控制固化度，分两阶段完成工艺验证与小批量试制。')
  for (let i = 0; i < (c.stages || []).length; i++) {
    for (let k = 0; k < (c.kpis || []).length; k++) await fill(team, `plan-${i}-kpi-${k}`, String(c.kpis[k].target))
    await fill(team, `plan-${i}-deliverables`, i === 0 ? '工艺样件与测试报告' : '小批量试制件与工艺规程')
  }
  await click(team, 'budget-add')
  await fill(team, 'budget-item-0', '材料与测试费')
  // the amount beside its 万元 suffix is wide enough to use on a phone
  const amount = team.locator(`${sel('budget-amount-0')} input`).first()
  const box = await amount.boundingBox()
  assert.ok(box && box.width >= 60, `the budget amount input is ${box?.width} px wide on a phone`)
  await fill(team, 'budget-amount-0', '120')
  await click(team, 'bid-commitment')
  await click(team, 'bid-integrity')
  await ctx.fits(team, 'walkthrough-bid-editor')
  await click(team, 'bid-submit')
  const [sub] = await Promise.all([waitApi(team, new RegExp(`/bids/${bidId}/submit$`)), confirmBox(team)])
  assert.equal(sub.status(), 200, `submit: ${await sub.text()}`)
  await team.waitForURL(new RegExp(`/bids/${bidId}/receipt$`))
  assert.match((await team.locator(sel('receipt-digest')).innerText()).trim(), /^[0-9a-f]{64}$/)
  await ctx.fits(team, 'walkthrough-receipt')
  await team.goto(ctx.base + '/my/bids')
  await team.locator(sel('my-bids')).getByText(carbon.title).first().waitFor()

  // ... and now at its limit (3 of 3), the organisation is told why it cannot start another bid
  const other = await ctx.newPage({ phone: true })
  await loginAs(other, ctx, demoUser('team3'), pw)
  await other.goto(`${ctx.base}/challenges/${motor.id}`)
  await other.locator(sel('bid-quota-blocked')).waitFor()
  assert.equal(await other.locator(sel('challenge-bid')).count(), 0, 'no 我要揭榜 at the limit')

  // 5. The expert: 评审工作台 lists the assignments waiting.
  const expert = await ctx.newPage()
  await loginAs(expert, ctx, demoUser('expert'), pw)
  await expert.goto(ctx.base + '/review/workbench')
  await expert.locator(sel('page-title')).first().waitFor()

  // 6. The bureau again: rounds, the open notice, the race board, the funding ledger, the dashboard, the audit log.
  for (const path of [`/challenges/${notice.id}/rounds`, '/notices', '/bureau/dashboard', '/bureau/audit', '/settings/fields']) {
    await bureau.goto(ctx.base + path)
    await bureau.locator(`${sel('page-title')}, h1`).first().waitFor()
  }
  const running = (await must(ctx, 'GET', '/challenges?status=in_progress&page_size=10', undefined, boss)).items[0]
  await bureau.goto(`${ctx.base}/challenges/${running.id}/race`)
  await bureau.locator(`${sel('page-title')}, h1`).first().waitFor()
  const done = (await must(ctx, 'GET', '/challenges?status=completed&page_size=10', undefined, boss)).items[0]
  await bureau.goto(`${ctx.base}/challenges/${done.id}/funding`)
  await bureau.locator(`${sel('page-title')}, h1`).first().waitFor()

  // 7. Anyone: 攻关结果 lists the finished challenges.
  await anon.goto(ctx.base + '/results')
  await anon.locator(`${sel('page-title')}, h1`).first().waitFor()
  await anon.getByText(done.title).first().waitFor()
  ctx.log('README walk-through followed to the end; bid', bidId, 'submitted by team@demo')
}
