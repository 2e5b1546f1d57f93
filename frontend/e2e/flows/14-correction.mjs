// Flow 14: formal review with a correction window (补正). Bidding closes on a challenge with two bids (made through
// the API, one with an attachment); the bureau asks the first bid to correct its budget and its attachment in the
// 要求补正 dialog; the team sees the banner, may edit only the budget, replaces the file and resubmits with a new
// receipt; the bureau sees the new version and receipt, closes the correction and marks the bid eligible. The
// same once more on a phone (390 px) for the second bid: nothing scrolls sideways.
import { advancePast, assert, assertFits, choose, click, confirmBox, fill, must, sel, tinyPdf, waitApi } from '../lib.mjs'
import { FIXTURE_PASSWORD, loginAs, publishedChallenge } from '../fixtures.mjs'

export async function attach(ctx, bidId, token, name) {
  const fd = new FormData()
  fd.append('file', new Blob([tinyPdf()], { type: 'application/pdf' }), name)
  const r = await fetch(`${ctx.base}/api/v1/bids/${bidId}/attachments`, { method: 'POST', body: fd, headers: { Authorization: `Bearer ${token}` } })
  const text = await r.text()
  assert.equal(r.status, 201, text)
  return JSON.parse(text).id
}

/** The bureau asks bid for correction of its budget and its first attachment in the dialog. */
export async function requestCorrection(page, bidId, attId) {
  await click(page, `bid-correction-${bidId}`)
  await page.locator(sel('correction-dialog')).waitFor()
  await choose(page, 'correction-target-0', 'correction-option-field:budget')
  await fill(page, 'correction-what-0', '设备费缺少明细')
  await click(page, 'correction-add')
  await choose(page, 'correction-target-1', `correction-option-attachment:${attId}`)
  await fill(page, 'correction-what-1', '合作协议未盖章')
  const [res] = await Promise.all([waitApi(page, new RegExp(`/bids/${bidId}/correction$`)), click(page, 'correction-save')])
  assert.equal(res.status(), 200, await res.text())
  const b = await res.json()
  assert.equal(b.correction.status, 'open')
  await page.locator(sel(`bid-correction-info-${bidId}`)).waitFor()
  await page.locator(sel(`correction-list-${bidId}`)).waitFor()
  return b
}

/**
 * The team corrects the budget, replaces the named file and resubmits; answers the new receipt's digest. version is
 * the receipt's version the resubmission makes.
 */
export async function correct(ctx, page, bidId, attId, version = 3) {
  await page.goto(`${ctx.base}/bids/${bidId}`)
  await page.locator(sel('bid-correction')).waitFor()
  await click(page, 'bid-correct')
  await page.waitForURL(new RegExp(`/bids/${bidId}/edit$`))
  await page.locator(sel('correction-banner')).waitFor()
  // only the named fields are editable
  assert.ok(await page.locator(`${sel('bid-approach')} textarea, textarea${sel('bid-approach')}`).first().isDisabled(), 'approach is sealed')
  assert.ok(await page.locator(`${sel('bid-pi-name')} input, input${sel('bid-pi-name')}`).first().isDisabled(), 'PI is sealed')
  await fill(page, 'budget-item-0', '设备费（台架 1 套）')
  const [up] = await Promise.all([
    waitApi(page, new RegExp(`/bids/${bidId}/attachments$`)),
    page.setInputFiles(`${sel('bid-upload')} input[type=file]`, { name: '合作协议（盖章）.pdf', mimeType: 'application/pdf', buffer: tinyPdf() }),
  ])
  assert.equal(up.status(), 201, await up.text())
  const [del] = await Promise.all([waitApi(page, new RegExp(`/attachments/${attId}$`), 'DELETE'), click(page, `attachment-delete-${attId}`).then(() => confirmBox(page))])
  assert.equal(del.status(), 204)
  await click(page, 'bid-submit')
  const [res] = await Promise.all([waitApi(page, new RegExp(`/bids/${bidId}/submit$`)), confirmBox(page)])
  assert.equal(res.status(), 200, await res.text())
  await page.waitForURL(new RegExp(`/bids/${bidId}/receipt$`))
  // the bid was submitted twice before the deadline (its file was added after the first): this is version 3
  assert.equal((await page.locator(sel('receipt-version')).innerText()).trim(), String(version))
  return (await page.locator(sel('receipt-digest')).innerText()).trim()
}

/** The bureau sees the resubmission and its receipt, closes the correction and finds the bid eligible. */
export async function closeAndQualify(page, bidId, digest) {
  await page.reload()
  await page.locator(sel(`bid-correction-resubmitted-${bidId}`)).waitFor()
  assert.match(await page.locator(sel(`bid-receipt-${bidId}`)).innerText(), new RegExp(digest))
  await click(page, `bid-correction-close-${bidId}`)
  const [res] = await Promise.all([waitApi(page, new RegExp(`/bids/${bidId}/correction/close$`)), confirmBox(page)])
  assert.equal(res.status(), 200, await res.text())
  await click(page, `bid-eligibility-${bidId}`)
  await click(page, 'eligibility-yes')
  const [e] = await Promise.all([waitApi(page, new RegExp(`/bids/${bidId}/eligibility$`)), click(page, 'eligibility-save')])
  assert.equal(e.status(), 200, await e.text())
  assert.equal((await e.json()).status, 'eligible')
}

export default async function flow(ctx) {
  const ch = await publishedChallenge(ctx, 914000, { bids: 2, title: '补正流程测试榜单' })
  const [t1, t2] = ch.teams
  const att1 = await attach(ctx, t1.bidId, t1.token, '合作协议.pdf')
  const att2 = await attach(ctx, t2.bidId, t2.token, '合作协议.pdf')
  for (const tm of ch.teams) await must(ctx, 'POST', `/bids/${tm.bidId}/submit`, undefined, tm.token)
  const challenge = await must(ctx, 'GET', `/challenges/${ch.id}`)
  await advancePast(ctx, challenge.bid_deadline)

  for (const [phone, tm, att] of [[false, t1, att1], [true, t2, att2]]) {
    const boss = await ctx.newPage({ phone })
    await loginAs(boss, ctx, ctx.state.bureau.email, ctx.state.bureau.password)
    await boss.goto(`${ctx.base}/challenges/${ch.id}/bids`)
    await boss.locator(sel(`bid-row-${tm.bidId}`)).waitFor()
    await requestCorrection(boss, tm.bidId, att)
    if (phone) await assertFits(boss, 'bids under correction (phone)')
    await ctx.shot(boss, phone ? 'correction-bureau-phone' : 'correction-bureau')

    const team = await ctx.newPage({ phone })
    await loginAs(team, ctx, tm.email, FIXTURE_PASSWORD)
    const digest = await correct(ctx, team, tm.bidId, att)
    if (phone) await assertFits(team, 'receipt after correction (phone)')
    await team.goto(`${ctx.base}/bids/${tm.bidId}`)
    await team.locator(sel('bid-versions')).getByText(digest).waitFor()
    if (phone) await assertFits(team, 'bid with its correction (phone)')
    await ctx.shot(team, phone ? 'correction-team-phone' : 'correction-team')

    await closeAndQualify(boss, tm.bidId, digest)
    ctx.log('corrected and eligible', tm.bidId, phone ? '(phone)' : '(desktop)')
    await boss.close()
    await team.close()
  }
}
