// Flow 3: two teams bid in the browser (one as a consortium with a PDF attachment), one revises and resubmits
// before the deadline; the enterprise sees the bids sealed; after the test clock passes the deadline a late
// bid is refused; the enterprise reads the bids; the bureau marks eligibility.
import { assert, click, confirmBox, creditCode, fill, login, sel, tinyPdf, waitApi } from '../lib.mjs'

async function openNewBid(page, base, challengeId) {
  await page.goto(`${base}/challenges/${challengeId}`)
  const [res] = await Promise.all([waitApi(page, new RegExp(`/challenges/${challengeId}/bids$`)), click(page, 'challenge-bid')])
  assert.equal(res.status(), 201, await res.text())
  const bid = await res.json()
  await page.waitForURL(new RegExp(`/bids/${bid.id}/edit$`))
  await page.locator(sel('bid-pi-name')).waitFor()
  return bid.id
}

async function fillPlan(page, stages, kpis, base) {
  for (let i = 0; i < stages; i++) {
    for (let k = 0; k < kpis; k++) await fill(page, `plan-${i}-kpi-${k}`, String(base[k] * (i + 1) / stages))
    await fill(page, `plan-${i}-deliverables`, i === 0 ? '中期：工艺样件与测试报告' : '验收：样瓶 20 只、工艺规程、专利申请')
  }
}

async function submitBid(page, bidId) {
  await click(page, 'bid-submit')
  const [res] = await Promise.all([waitApi(page, new RegExp(`/bids/${bidId}/submit$`)), confirmBox(page)])
  assert.equal(res.status(), 200, `submit ${bidId}: ${res.status()} ${await res.text()}`)
  await page.waitForURL(new RegExp(`/bids/${bidId}/receipt$`))
  const digest = (await page.locator(sel('receipt-digest')).innerText()).trim()
  assert.match(digest, /^[0-9a-f]{64}$/)
  return { digest, version: (await page.locator(sel('receipt-version')).innerText()).trim() }
}

export default async function flow(ctx) {
  const { users, password, challengeId } = ctx.state
  assert.ok(challengeId, 'needs the challenge flow')
  const challenge = (await ctx.api('GET', `/challenges/${challengeId}`)).body
  const nStages = challenge.stages.length
  const nKpis = challenge.kpis.length

  // team 1: a consortium bid with a PDF attachment
  const t1 = await ctx.newPage()
  await login(t1, ctx.base, users.team1.email, password)
  const bid1 = await openNewBid(t1, ctx.base, challengeId)
  await fill(t1, 'bid-pi-name', '李青')
  await fill(t1, 'bid-pi-email', 'liqing@e2e.test')
  await click(t1, 'partner-add')
  await fill(t1, 'partner-org-0', '江苏碳纤复材有限公司')
  await fill(t1, 'partner-code-0', creditCode(500500005))
  await t1.locator(sel('credit-code-ok')).first().waitFor()
  await fill(t1, 'partner-role-0', '纤维预浸料供应与缠绕装备改造')
  await fill(t1, 'partner-share-0', '30')
  await click(t1, 'member-add')
  await fill(t1, 'member-name-0', '王磊')
  await fill(t1, 'member-role-0', '缠绕工艺')
  await fill(t1, 'bid-approach', '采用张力闭环控制的湿法缠绕工艺，结合固化变形仿真补偿，分两阶段完成样瓶研制与批量验证。')
  await fillPlan(t1, nStages, nKpis, [160, 5.6])
  await click(t1, 'budget-add')
  await fill(t1, 'budget-item-0', '设备改造费')
  await fill(t1, 'budget-amount-0', '400')
  await click(t1, 'budget-add')
  await fill(t1, 'budget-item-1', '材料与测试费')
  await fill(t1, 'budget-amount-1', '350.5')
  assert.match(await t1.locator(sel('budget-total')).innerText(), /750\.50/)
  const [up] = await Promise.all([
    waitApi(t1, new RegExp(`/bids/${bid1}/attachments$`)),
    t1.setInputFiles(`${sel('bid-upload')} input[type=file]`, { name: '技术方案.pdf', mimeType: 'application/pdf', buffer: tinyPdf() }),
  ])
  assert.equal(up.status(), 201, await up.text())
  await t1.locator(sel('bid-attachments')).getByText('技术方案.pdf').waitFor()
  // the attachment downloads with the bearer token (a plain link could not send it)
  const [download] = await Promise.all([t1.waitForEvent('download'), t1.locator(sel('bid-attachments')).getByText('技术方案.pdf').click()])
  assert.equal(download.suggestedFilename(), '技术方案.pdf')
  assert.equal((await download.failure()) ?? null, null)
  await click(t1, 'bid-commitment')
  await click(t1, 'bid-integrity')
  await ctx.shot(t1, 'bid-editor')
  const r1 = await submitBid(t1, bid1)
  ctx.log('team 1 submitted', bid1, r1.digest.slice(0, 12))
  await ctx.shot(t1, 'receipt')

  // team 2: a bid without partners, then a revision before the deadline
  const t2 = await ctx.newPage()
  await login(t2, ctx.base, users.team2.email, password)
  const bid2 = await openNewBid(t2, ctx.base, challengeId)
  await fill(t2, 'bid-pi-name', '陈默')
  await fill(t2, 'bid-pi-email', 'chenmo@e2e.test')
  await fill(t2, 'bid-approach', '采用干法缠绕与原位固化工艺路线。')
  await fillPlan(t2, nStages, nKpis, [158, 5.5])
  await click(t2, 'budget-add')
  await fill(t2, 'budget-item-0', '研发费')
  await fill(t2, 'budget-amount-0', '900')
  await click(t2, 'bid-commitment')
  await click(t2, 'bid-integrity')
  const v1 = await submitBid(t2, bid2)
  await click(t2, 'receipt-my-bids')
  await click(t2, 'my-bid-edit-' + bid2)
  await t2.waitForURL(new RegExp(`/bids/${bid2}/edit$`))
  await fill(t2, 'bid-approach', '采用干法缠绕与原位固化工艺路线，并引入在线无损检测以控制孔隙率。')
  const v2 = await submitBid(t2, bid2)
  assert.notEqual(v2.digest, v1.digest)
  assert.notEqual(v2.version, v1.version)
  ctx.log('team 2 resubmitted', bid2, `v${v1.version} -> v${v2.version}`)
  // the read-only bid page lists both submitted versions with their digests
  await t2.goto(`${ctx.base}/bids/${bid2}`)
  const versions = t2.locator(sel('bid-versions'))
  await versions.getByText(v1.digest).waitFor()
  await versions.getByText(v2.digest).waitFor()

  // team 3 opens a draft before the deadline
  const t3 = await ctx.newPage()
  await login(t3, ctx.base, users.team3.email, password)
  const bid3 = await openNewBid(t3, ctx.base, challengeId)
  await fill(t3, 'bid-pi-name', '周舟')
  await fill(t3, 'bid-pi-email', 'zhouzhou@e2e.test')

  // enterprise: bids are sealed before the deadline
  const ent = await ctx.newPage()
  await login(ent, ctx.base, users.ent.email, password)
  await ent.goto(`${ctx.base}/challenges/${challengeId}/bids`)
  await ent.locator(sel('bids-sealed')).waitFor()
  await ctx.shot(ent, 'sealed')

  // the deadline (5 days ahead, 17:00) passes; access tokens expire meanwhile, so the pages refresh them
  const clock = await ctx.api('POST', '/test/clock', { advance: '144h' }, await ctx.bureauToken())
  assert.equal(clock.status, 200, JSON.stringify(clock.body))
  ctx.log('clock advanced to', clock.body.now)

  // team 3's late bid is refused with a clear error
  const refused = []
  t3.on('response', (r) => {
    if (/\/api\/v1\/bids\//.test(r.url()) && r.status() >= 400 && r.status() !== 401) refused.push(r)
  })
  // (submitting saves first: the server refuses the late bid before any confirmation is asked)
  await click(t3, 'bid-submit')
  const err = t3.locator(sel('bid-error'))
  await err.waitFor()
  assert.ok(refused.length > 0)
  const body = await refused[0].json()
  assert.equal(refused[0].status(), 409, JSON.stringify(body))
  assert.equal(body.error.code, 'deadline_passed')
  assert.equal((await err.innerText()).includes(body.error.message), true)
  // the page now shows bidding as closed (server time) and no longer offers to submit
  await t3.locator(sel('countdown')).getByText('揭榜已截止').waitFor()
  assert.equal(await t3.locator(sel('bid-submit')).count(), 0)
  await ctx.shot(t3, 'late-refused')
  ctx.log('late bid refused:', body.error.message)

  // enterprise reads the bids (read-only)
  await ent.reload()
  await ent.locator(sel('bid-row-' + bid1)).waitFor()
  await ent.locator(sel('bid-row-' + bid2)).waitFor()
  assert.equal(await ent.locator(sel('bid-row-' + bid3)).count(), 0)
  assert.equal(await ent.locator('[data-test^="bid-eligibility-"]').count(), 0)

  // bureau marks eligibility
  const bur = await ctx.newPage()
  await login(bur, ctx.base, ctx.state.bureau.email, ctx.state.bureau.password)
  await bur.goto(`${ctx.base}/challenges/${challengeId}/bids`)
  await bur.locator(sel('bid-precheck-' + bid1)).waitFor()
  await click(bur, 'bid-eligibility-' + bid1)
  await click(bur, 'eligibility-yes')
  let [res] = await Promise.all([waitApi(bur, new RegExp(`/bids/${bid1}/eligibility$`)), click(bur, 'eligibility-save')])
  assert.equal(res.status(), 200, await res.text())
  await bur.locator(`${sel('bid-status-' + bid1)}[data-status="eligible"]`).waitFor()
  await click(bur, 'bid-eligibility-' + bid2)
  await click(bur, 'eligibility-no')
  await click(bur, 'eligibility-save')
  await bur.locator(`${sel('eligibility-dialog')} .el-form-item__error`).waitFor() // reason required
  await fill(bur, 'eligibility-reason', '预算明细与技术路线不匹配，材料不完整。')
  ;[res] = await Promise.all([waitApi(bur, new RegExp(`/bids/${bid2}/eligibility$`)), click(bur, 'eligibility-save')])
  assert.equal(res.status(), 200, await res.text())
  await bur.locator(`${sel('bid-status-' + bid2)}[data-status="ineligible"]`).waitFor()
  await ctx.shot(bur, 'bureau-bids')

  // team 2 sees the result and the reason
  await t2.goto(ctx.base + '/my/bids')
  assert.match(await t2.locator(sel('my-bid-reason-' + bid2)).innerText(), /预算明细与技术路线不匹配/)
  await ctx.shot(t2, 'my-bids')
}
