// Flow 12: a call for needs (申报批次) from opening to its published list. The bureau opens a call in the
// browser; an enterprise files its draft into the call in the editor and submits it; the bureau approves it on
// the challenge's page (the usual validation) and publishes the call with one bidding deadline on the call's
// page; a visitor finds the call's list from the board and reads it, at desktop and phone width.
import { assert, choose, click, clickAndWait, fill, sel } from '../lib.mjs'
import { challengeBody, loginAs, verifiedUser } from '../fixtures.mjs'

const CALL = '2027年第一批揭榜挂帅榜单（E2E）'
const TITLE = '海上风电主轴承国产化（批次）'

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
