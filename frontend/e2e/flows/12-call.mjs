// Flow 12: a call for needs (申报批次) from opening to its published list, with its questions, an addendum and a
// correction. The bureau opens a call in the browser; an enterprise files its draft into the call in the editor and
// submits it; the bureau approves it on the challenge's page (the usual validation) and publishes the call with one
// bidding deadline on the call's page. A team bids on the call's challenge (through the API: flow 03 walks the bid
// form) and asks a question on the challenge's page; the owner answers it on a phone; the bureau publishes it and
// everyone sees 答疑1 without the asker. Three days before the deadline the bureau publishes an addendum (补充通知)
// that moves the deadline; the test clock passes the moved deadline; the bureau asks the bid to correct its budget
// and a file (补正), the team corrects and resubmits, the bureau closes the correction and marks the bid eligible.
// A visitor finds the call's list from the board and reads it, at desktop and phone width.
import { advancePast, assert, assertFits, choose, click, clickAndWait, fill, login, must, sel, waitApi } from '../lib.mjs'
import { FIXTURE_PASSWORD, challengeBody, loginAs, verifiedUser } from '../fixtures.mjs'
import { attach, closeAndQualify, correct, requestCorrection } from './14-correction.mjs'

const CALL = '2027年第一批揭榜挂帅榜单（E2E）'
const TITLE = '海上风电主轴承国产化（批次）'
const QUESTION = '批次榜单的样机验证能否在揭榜方自有试验台完成？'
const ANSWER = '可以，须由第三方检测机构现场见证。'
const ADDENDUM = '补充通知：样机验证可在揭榜方试验台完成，须第三方检测机构现场见证（见答疑1）。'
const TEAM_ORG = '示例批次理工大学'

export default async function flow(ctx) {
  // bureau: open a call
  const bur = await ctx.newPage()
  await bur.goto(ctx.base + '/login')
  const f = (name) => bur.locator(`input[data-test="${name}"], [data-test="${name}"] input`).first()
  await f('login-email').fill(ctx.state.bureau.email)
  await f('login-password').fill(ctx.state.bureau.password)
  await bur.locator(sel('login-submit')).first().click()
  await bur.waitForURL(/\/home$/)
  await bur.goto(ctx.base + '/calls')
  await click(bur, 'call-new')
  await fill(bur, 'call-title', CALL)
  const created = await clickAndWait(bur, 'call-create', '/api/v1/calls')
  assert.equal(created.status(), 201, await created.text())
  const call = await created.json()
  assert.equal(call.status, 'open')
  await bur.waitForURL(new RegExp(`/calls/${call.id}$`))
  await bur.locator(sel('call-not-published')).waitFor()
  await ctx.shot(bur, 'call-opened')
  ctx.log('call opened', call.id)

  // enterprise: a draft filed into the call in the editor, then submitted
  const ent = await verifiedUser(ctx, 'enterprise', 712000000, '示例批次装备有限公司', 'enterprise')
  const draft = (await ctx.api('POST', '/challenges', challengeBody(TITLE), ent.token)).body
  const ep = await ctx.newPage()
  await loginAs(ep, ctx, ent.email)
  await ep.goto(ctx.base + `/challenges/${draft.id}/edit`)
  await choose(ep, 'ch-call', 'ch-call-' + call.id)
  const saved = await clickAndWait(ep, 'ch-save', `/api/v1/challenges/${draft.id}`, 'PATCH')
  assert.equal(saved.status(), 200, await saved.text())
  assert.equal((await saved.json()).call_id, call.id)
  const sub = await ctx.api('POST', `/challenges/${draft.id}/submit`, undefined, ent.token)
  assert.equal(sub.status, 200, JSON.stringify(sub.body))

  // bureau: approve on the challenge's page, then publish the call on its page
  const bureau = await ctx.bureauToken()
  await bur.goto(ctx.base + `/challenges/${draft.id}`)
  await bur.locator(sel('challenge-call')).waitFor()
  const v = await ctx.api('POST', `/challenges/${draft.id}/validate`, { decision: 'approve', opinion: '' }, bureau)
  assert.equal(v.status, 200, JSON.stringify(v.body))
  await bur.goto(ctx.base + `/calls/${call.id}`)
  await bur.locator(sel('call-ch-' + draft.id)).waitFor()
  await click(bur, 'call-publish')
  const [pub] = await Promise.all([
    bur.waitForResponse((r) => r.url().endsWith(`/calls/${call.id}/publish`)),
    bur.locator('.el-message-box__btns .el-button--primary').click(),
  ])
  assert.equal(pub.status(), 200, await pub.text())
  await bur.locator(sel('call-list-item-' + draft.id)).waitFor()
  ctx.log('call published')

  // a team bids on the call's challenge (API: the bid form is flow 03's) with a file, and submits it
  const team = await verifiedUser(ctx, 'team', 712000001, TEAM_ORG, 'university')
  const bid = await must(ctx, 'POST', `/challenges/${draft.id}/bids`, {
    pi: { name: '负责人甲', email: 'pi712000001@fixture.test' },
    members: [{ name: '周敏', role: '结构设计' }],
    approach: '采用渗碳轴承钢与有限元寿命分析，分阶段完成样机试制与台架试验。',
    plan: [
      { stage: 1, kpi_targets: { 额定寿命: 20, 振动加速度: 3 }, deliverables: '原理样机' },
      { stage: 2, kpi_targets: { 额定寿命: 25, 振动加速度: 2.5 }, deliverables: '工程样机 2 套' },
    ],
    budget: [{ item: '设备费', amount_fen: 100_000_000 }],
    commitment_signed: true, integrity_pledge_signed: true,
  }, team.token, 201)
  const att = await attach(ctx, bid.id, team.token, '合作协议.pdf')
  await must(ctx, 'POST', `/bids/${bid.id}/submit`, undefined, team.token)

  // the team asks on the challenge's page (desktop) and follows the challenge
  const qaPath = new RegExp(`/challenges/${draft.id}/questions$`)
  const tp = await ctx.newPage()
  await login(tp, ctx.base, team.email, FIXTURE_PASSWORD)
  await tp.goto(`${ctx.base}/challenges/${draft.id}`)
  await tp.locator(sel('qa-window')).waitFor()
  await fill(tp, 'qa-ask-text', QUESTION)
  const [asked] = await Promise.all([waitApi(tp, qaPath), click(tp, 'qa-ask')])
  assert.equal(asked.status(), 201, await asked.text())
  await tp.locator(sel('qa-mine')).getByText(QUESTION).waitFor()
  const [followed] = await Promise.all([waitApi(tp, new RegExp(`/challenges/${draft.id}/follow$`)), click(tp, 'qa-follow')])
  assert.equal(followed.status(), 200, await followed.text())
  await ctx.fits(tp, 'call-asked')
  await ctx.shot(tp, 'call-asked')

  // the owner answers on a phone; it sees the question, not who asked
  const owner = await ctx.newPage({ phone: true })
  await login(owner, ctx.base, ent.email, FIXTURE_PASSWORD)
  await owner.goto(`${ctx.base}/challenges/${draft.id}?tab=qa`)
  await owner.locator(sel('qa-queue')).getByText(QUESTION).waitFor()
  assert.ok(!(await owner.locator(sel('qa-panel')).innerText()).includes(TEAM_ORG), 'the owner sees who asked')
  await fill(owner, 'qa-answer-text', ANSWER)
  const [answered] = await Promise.all([waitApi(owner, /\/questions\/\d+\/answer$/), click(owner, 'qa-answer')])
  assert.equal(answered.status(), 200, await answered.text())
  await ctx.fits(owner, 'call-owner-answer')

  // the bureau publishes it: 答疑1
  await bur.goto(`${ctx.base}/challenges/${draft.id}`)
  await bur.locator(sel('qa-queue')).getByText(QUESTION).waitFor()
  const [qpub] = await Promise.all([waitApi(bur, /\/questions\/\d+\/publish$/), click(bur, 'qa-publish')])
  assert.equal(qpub.status(), 200, await qpub.text())
  assert.equal((await qpub.json()).label, '答疑1')
  await bur.locator(sel('qa-published')).getByText('答疑1').waitFor()

  // anyone, on a phone: 答疑1 with its answer, never the asker
  const visitor = await ctx.newPage({ phone: true })
  await visitor.goto(`${ctx.base}/challenges/${draft.id}`)
  const qa = visitor.locator(sel('qa-published'))
  await qa.getByText(ANSWER).waitFor()
  assert.match(await qa.innerText(), /答疑1/)
  const text = await visitor.locator('body').innerText()
  assert.ok(!text.includes(TEAM_ORG) && !text.includes(team.email), 'the public page names the asker')
  await ctx.fits(visitor, 'call-public-qa')
  await ctx.shot(visitor, 'call-public-qa')
  ctx.log('question published as 答疑1')

  // three days before the call's deadline the bureau publishes an addendum (补充通知) that moves it
  const before = (await must(ctx, 'GET', `/challenges/${draft.id}`)).bid_deadline
  assert.ok(before, 'the call gave its challenge a bidding deadline')
  await advancePast(ctx, new Date(Date.parse(before) - 3 * 86400_000).toISOString())
  await login(bur, ctx.base, ctx.state.bureau.email, ctx.state.bureau.password)
  await bur.goto(`${ctx.base}/challenges/${draft.id}`)
  await click(bur, 'challenge-amend')
  await bur.locator(sel('amend-preview')).waitFor()
  await fill(bur, 'amend-content', ADDENDUM)
  const [am] = await Promise.all([waitApi(bur, new RegExp(`/challenges/${draft.id}/amendments$`)), click(bur, 'amend-confirm')])
  assert.equal(am.status(), 201, await am.text())
  const amendment = await am.json()
  assert.equal(amendment.number, 1)
  assert.ok(amendment.deadline_to && Date.parse(amendment.deadline_to) > Date.parse(before), 'the deadline moved later')
  await bur.locator(sel('challenge-amendment-moved')).waitFor()
  assert.equal((await must(ctx, 'GET', `/challenges/${draft.id}`)).bid_deadline, amendment.deadline_to)
  await ctx.fits(bur, 'call-addendum')
  await ctx.shot(bur, 'call-addendum')
  ctx.log('addendum moved the deadline to', amendment.deadline_to)

  // the moved deadline passes; the bureau asks for a correction (desktop), the team corrects on a phone
  await advancePast(ctx, amendment.deadline_to)
  const boss = await ctx.newPage()
  await loginAs(boss, ctx, ctx.state.bureau.email, ctx.state.bureau.password)
  await boss.goto(`${ctx.base}/challenges/${draft.id}/bids`)
  await boss.locator(sel(`bid-row-${bid.id}`)).waitFor()
  await requestCorrection(boss, bid.id, att)
  await ctx.fits(boss, 'call-correction-bureau')
  const tphone = await ctx.newPage({ phone: true })
  await loginAs(tphone, ctx, team.email, FIXTURE_PASSWORD)
  // submitted once before the deadline: the corrected resubmission is version 2
  const digest = await correct(ctx, tphone, bid.id, att, 2)
  await assertFits(tphone, 'receipt after correction (phone)')
  await tphone.goto(`${ctx.base}/bids/${bid.id}`)
  await tphone.locator(sel('bid-versions')).getByText(digest).waitFor()
  await assertFits(tphone, 'bid with its correction (phone)')
  await ctx.shot(tphone, 'call-corrected-phone')
  await closeAndQualify(boss, bid.id, digest)
  ctx.log('bid corrected and eligible', bid.id)

  // visitor: the board links to the call's list, which shows the challenge, on desktop and phone
  for (const phone of [false, true]) {
    const page = await ctx.newPage({ phone })
    await page.goto(ctx.base + `/challenges?call_id=${call.id}`)
    await page.locator(sel('board-results')).getByText(TITLE).waitFor()
    await page.locator(sel('board-calls-link')).click()
    await page.waitForURL(new RegExp(`/calls/${call.id}$`))
    await page.locator(sel('call-heading')).getByText(CALL).waitFor()
    await page.locator(sel('call-list-item-' + draft.id)).waitFor()
    await page.locator(sel('call-print')).waitFor()
    await ctx.fits(page, phone ? 'call-list-phone' : 'call-list')
    await ctx.shot(page, phone ? 'call-list-phone' : 'call-list')
  }
}
