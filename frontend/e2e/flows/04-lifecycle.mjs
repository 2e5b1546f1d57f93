// Flow 4: the actions around a second challenge that the earlier flows do not take: a team withdraws its bid
// before the deadline; the bureau publishes an amendment (更正) that the public detail page shows, which moves the
// deadline (two days left, seven must remain); the bureau's
// close-bidding button is refused before the deadline (409 deadline_not_reached) and the page shows bidding
// closed after it; the bureau cancels the challenge with a reason that the detail page shows.
// Setup the UI already covered (writing, validating, publishing) goes through the API.
import { advancePast, assert, click, confirmBox, fill, login, must, sel, waitApi } from '../lib.mjs'

const TITLE = '海上风电叶片前缘防护涂层耐久性提升'
const AMENDMENT = '更正：第 2 项指标的测试方法改为按 ISO 12944 执行的 4000 小时盐雾试验。'
const CANCEL_REASON = '发榜企业调整研发计划，经协商撤销本榜单。'

async function status(page, name, value) {
  await page.locator(`${sel(name)}[data-status="${value}"]`).waitFor()
}

async function tokenOf(ctx, email, password) {
  const r = await ctx.api('POST', '/auth/login', { email, password })
  assert.equal(r.status, 200, JSON.stringify(r.body))
  return r.body.access_token
}

/** A second challenge, published through the API with a deadline two days ahead on the server clock. */
async function publishedChallenge(ctx) {
  const { users, password, challengeId } = ctx.state
  const src = (await ctx.api('GET', `/challenges/${challengeId}`)).body
  const input = {}
  for (const k of ['field', 'background', 'problem', 'kpis', 'deliverables', 'duration_months', 'budget_fen', 'gov_funding_fen', 'cofunding_fen', 'ip_terms', 'eligibility', 'mode', 'max_racers', 'stages']) input[k] = src[k]
  input.title = TITLE
  const ent = await tokenOf(ctx, users.ent.email, password)
  const created = await ctx.api('POST', '/challenges', input, ent)
  assert.equal(created.status, 201, JSON.stringify(created.body))
  const id = created.body.id
  const sub = await ctx.api('POST', `/challenges/${id}/submit`, undefined, ent)
  assert.equal(sub.status, 200, JSON.stringify(sub.body))
  const bur = await ctx.bureauToken()
  const ok = await ctx.api('POST', `/challenges/${id}/validate`, { decision: 'approve', opinion: '' }, bur)
  assert.equal(ok.status, 200, JSON.stringify(ok.body))
  const now = new Date((await ctx.api('GET', '/test/clock', undefined, bur)).body.now)
  const deadline = new Date(now.getTime() + 48 * 3600_000).toISOString()
  const pub = await ctx.api('POST', `/challenges/${id}/publish`, { bid_deadline: deadline }, bur)
  assert.equal(pub.status, 200, JSON.stringify(pub.body))
  return id
}

export default async function flow(ctx) {
  const { users, password } = ctx.state
  assert.ok(ctx.state.challengeId, 'needs the challenge flow')
  const id = await publishedChallenge(ctx)
  ctx.log('second challenge published', id)

  // team 1 opens a bid and withdraws it before the deadline
  const team = await ctx.newPage()
  await login(team, ctx.base, users.team1.email, password)
  await team.goto(`${ctx.base}/challenges/${id}`)
  const [created] = await Promise.all([waitApi(team, new RegExp(`/challenges/${id}/bids$`)), click(team, 'challenge-bid')])
  assert.equal(created.status(), 201, await created.text())
  const bidId = (await created.json()).id
  await team.waitForURL(new RegExp(`/bids/${bidId}/edit$`))
  await status(team, 'bid-status', 'draft')
  await click(team, 'bid-withdraw')
  const [wd] = await Promise.all([waitApi(team, new RegExp(`/bids/${bidId}/withdraw$`)), confirmBox(team)])
  assert.equal(wd.status(), 200, await wd.text())
  await status(team, 'bid-status', 'withdrawn')
  assert.equal(await team.locator(sel('bid-withdraw')).count(), 0)
  await ctx.shot(team, 'withdrawn')
  ctx.log('bid withdrawn', bidId)

  // bureau publishes an amendment; the public detail page shows it
  const bur = await ctx.newPage()
  await login(bur, ctx.base, ctx.state.bureau.email, ctx.state.bureau.password)
  await bur.goto(`${ctx.base}/challenges/${id}`)
  await click(bur, 'challenge-amend')
  await click(bur, 'amend-confirm')
  await bur.locator(`${sel('amend-dialog')} .el-form-item__error`).waitFor() // content required
  await fill(bur, 'amend-content', AMENDMENT)
  const [am] = await Promise.all([waitApi(bur, new RegExp(`/challenges/${id}/amendments$`)), click(bur, 'amend-confirm')])
  assert.equal(am.status(), 201, await am.text())
  await bur.locator(sel('challenge-amendment')).getByText(AMENDMENT).waitFor()
  // published two days before the deadline, the amendment (补充通知1) moved it so that seven days remain
  await bur.locator(sel('challenge-amendment-moved')).waitFor()
  const visitor = await ctx.newPage()
  await visitor.goto(`${ctx.base}/challenges/${id}`)
  await visitor.locator(sel('challenge-amendment')).getByText(AMENDMENT).waitFor()
  await ctx.shot(visitor, 'public-amendment')
  ctx.log('amendment published')

  // close bidding by hand: refused before the deadline with the server's message
  await bur.goto(`${ctx.base}/challenges/${id}/bids`)
  await click(bur, 'close-bidding')
  const [early] = await Promise.all([waitApi(bur, new RegExp(`/challenges/${id}/close-bidding$`)), confirmBox(bur)])
  assert.equal(early.status(), 409)
  const refusal = (await early.json()).error
  assert.equal(refusal.code, 'deadline_not_reached')
  await bur.locator('.el-message--error').getByText(refusal.message).waitFor()
  await status(bur, 'bids-challenge-status', 'published')

  // after the deadline (the server closes due bidding when the clock moves) the button answers with the
  // current state and the page shows bidding closed
  await advancePast(ctx, (await must(ctx, 'GET', `/challenges/${id}`)).bid_deadline)
  await click(bur, 'close-bidding')
  // (the access token expired with the clock: the client refreshes it and repeats the request)
  const [late] = await Promise.all([
    bur.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/challenges/${id}/close-bidding`) && r.status() !== 401),
    confirmBox(bur),
  ])
  assert.ok([200, 409].includes(late.status()), `close after the deadline: ${late.status()} ${await late.text()}`)
  if (late.status() === 409) assert.notEqual((await late.json()).error.code, 'deadline_not_reached')
  await status(bur, 'bids-challenge-status', 'bidding_closed')
  assert.equal(await bur.locator(sel('close-bidding')).count(), 0)
  await ctx.shot(bur, 'closed')
  ctx.log('bidding closed')

  // bureau cancels the challenge with a reason; the detail page (also the public one) shows it
  await bur.goto(`${ctx.base}/challenges/${id}`)
  await click(bur, 'challenge-cancel')
  await click(bur, 'cancel-confirm')
  await bur.locator(`${sel('cancel-dialog')} .el-form-item__error`).waitFor() // reason required
  await fill(bur, 'cancel-reason', CANCEL_REASON)
  const [cn] = await Promise.all([waitApi(bur, new RegExp(`/challenges/${id}/cancel$`)), click(bur, 'cancel-confirm')])
  assert.equal(cn.status(), 200, await cn.text())
  await status(bur, 'challenge-status', 'cancelled')
  await bur.locator(sel('challenge-cancel-reason')).getByText(CANCEL_REASON).waitFor()
  assert.equal(await bur.locator(sel('challenge-cancel')).count(), 0)
  await visitor.reload()
  await status(visitor, 'challenge-status', 'cancelled')
  await visitor.locator(sel('challenge-cancel-reason')).getByText(CANCEL_REASON).waitFor()
  await ctx.shot(visitor, 'public-cancelled')
  ctx.log('cancelled')
}
