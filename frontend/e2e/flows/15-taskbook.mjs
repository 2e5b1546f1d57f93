// Flow 15: the task book (任务书), its changes and the money that waits for them (issue 24's "Done when"). Setup
// through the API: three racers (flow 9's setup under other names). In the browser the team and the bureau sign
// racer A's task book (the owner enterprise signs through the API), the bureau pays A's start-up tranche from
// 待拨付; the lead organisation files an extension, the owner consents, the bureau approves and v2 is signed again;
// a stage decision (API) orders A to rectify, the team reports on the race board and the bureau passes it; after
// the acceptance the final award is decided and paid from 待拨付. Racer B is terminated by the bureau on its
// funding page and its refund recorded as received. The task book, the race board and 待拨付 fit 390 px.
import { assert, assertFits, click, clickAndWait, fill, login, must, sel, signTaskbook } from '../lib.mjs'
import { signers, threeRacers } from './09-funding.mjs'

async function pickDate(page, name, value) {
  const input = page.locator(`${sel(name)} input, input${sel(name)}`).first()
  await input.fill(value)
  await input.press('Enter')
}

/** Signs the racer's task book in the browser as long as the page offers this user a signature. */
async function signInBrowser(page, base, racer, password) {
  await page.goto(`${base}/racers/${racer}/taskbook`)
  await page.locator(sel('taskbook-slots')).waitFor()
  let n = 0
  while (await page.locator(sel('taskbook-sign')).isVisible()) {
    await click(page, 'taskbook-sign')
    await fill(page, 'sign-secret', password)
    const res = await clickAndWait(page, 'sign-confirm', `/racers/${racer}/taskbook/sign`)
    assert.equal(res.status(), 200, await res.text())
    n++
    const tb = await res.json()
    if (!tb.may_sign) {
      await page.locator(sel('taskbook-sign')).waitFor({ state: 'detached' })
      break
    }
  }
  assert.ok(n > 0, 'the page offered a signature')
  return n
}

/** Signs through the API for one user while it may sign the next slot. */
async function signByApi(ctx, racer, token, password) {
  for (;;) {
    const tb = await must(ctx, 'GET', `/racers/${racer}/taskbook`, undefined, token)
    if (!tb.may_sign) return tb
    await must(ctx, 'POST', `/racers/${racer}/taskbook/sign`, { version: tb.version, digest: tb.digest, password }, token)
  }
}

export default async function flow(ctx) {
  const three = await threeRacers(ctx, { prefix: 'tbook', label: '任务书', codeBase: 970000, field: 'environment' })
  const { ch, racers, ent, teams, password } = three
  const [A, B] = racers
  const teamOf = async (racer) => {
    for (const t of teams) if ((await ctx.api('GET', `/racers/${racer}/taskbook`, undefined, t.token)).status === 200) return t
    assert.fail(`no team reads racer ${racer}'s task book`)
  }
  const lead = await teamOf(A)
  let boss = await ctx.bureauToken()
  const bureau = ctx.state.bureau

  // Start-up funds decided for A and B; A's start-up is held until its task book is signed.
  const decide = (racer, tranche, amount) => must(ctx, 'POST', `/challenges/${ch.id}/funding-decisions`,
    { racer_id: racer, tranche, amount_fen: amount, basis: '立项决定' }, boss, 201)
  const dA = await decide(A, 'startup', 10_000_000)
  const dB = await decide(B, 'startup', 10_000_000)
  const held = await ctx.api('POST', `/challenges/${ch.id}/disbursements`, { racer_id: A, decision_id: dA.id, amount_fen: 10_000_000,
    paid_on: '2026-11-20', reference: '财拨〔2026〕70号' }, boss)
  assert.equal(held.status, 422, JSON.stringify(held.body))
  assert.equal(held.body.error.code, 'tranche_not_due')

  // The team signs A's task book in the browser (for the PI and as the lead organisation), the owner through
  // the API, the bureau in the browser.
  const tm = await ctx.newPage()
  await login(tm, ctx.base, lead.email, password)
  await signInBrowser(tm, ctx.base, A, password)
  await tm.locator(sel('taskbook-next')).waitFor()
  await ctx.shot(tm, 'team-signed')
  await signByApi(ctx, A, ent.token, password)
  const bur = await ctx.newPage()
  await login(bur, ctx.base, bureau.email, bureau.password)
  await signInBrowser(bur, ctx.base, A, bureau.password)
  await bur.locator(sel('taskbook-complete')).waitFor()
  await ctx.shot(bur, 'signed')

  // 待拨付: A's start-up is due now; the bureau pays it.
  await bur.goto(`${ctx.base}/bureau/due`)
  await bur.locator(sel('due-list')).waitFor()
  await click(bur, `due-pay-${A}-startup`)
  await pickDate(bur, 'pay-date', '2026-11-20')
  await fill(bur, 'pay-reference', '财拨〔2026〕71号')
  const pay = await clickAndWait(bur, 'pay-submit', `/challenges/${ch.id}/disbursements`)
  assert.equal(pay.status(), 201, await pay.text())
  assert.equal((await pay.json()).amount_fen, 10_000_000)
  await bur.locator(sel(`due-pay-${A}-startup`)).waitFor({ state: 'detached' })
  ctx.log('task book signed, start-up paid', A)

  // An extension: filed by the lead organisation, consented by the owner, approved by the bureau (all in the
  // browser, on the racer's task book page); then v2 is signed again.
  const v1 = await must(ctx, 'GET', `/racers/${A}/taskbook`, undefined, lead.token)
  const end = new Date(v1.content.end_on + 'T00:00:00Z')
  end.setUTCMonth(end.getUTCMonth() + 6)
  const newEnd = end.toISOString().slice(0, 10)
  await tm.goto(`${ctx.base}/racers/${A}/taskbook`)
  await click(tm, 'change-file')
  const endInput = tm.locator('.el-dialog:visible .el-date-editor input').first()
  await endInput.fill(newEnd)
  await endInput.press('Enter')
  await fill(tm, 'change-reason', '关键测试设备到货延迟，申请延期六个月。')
  const filed = await clickAndWait(tm, 'change-submit', `/racers/${A}/changes`)
  assert.equal(filed.status(), 201, await filed.text())
  const change = await filed.json()
  assert.equal(change.proposed.end_on, newEnd)
  await tm.locator(sel(`change-${change.id}`)).waitFor()

  const en = await ctx.newPage()
  await login(en, ctx.base, ent.email, password)
  await en.goto(`${ctx.base}/racers/${A}/taskbook`)
  const consent = await clickAndWait(en, `change-consent-${change.id}`, `/changes/${change.id}/consent`)
  assert.equal(consent.status(), 200, await consent.text())

  await bur.goto(`${ctx.base}/racers/${A}/taskbook`)
  const approve = await clickAndWait(bur, `change-approve-${change.id}`, `/changes/${change.id}/approve`)
  assert.equal(approve.status(), 200, await approve.text())
  await bur.reload()
  await bur.locator(sel('taskbook-version')).getByText('2').waitFor()

  await signInBrowser(tm, ctx.base, A, password)
  await signByApi(ctx, A, ent.token, password)
  await signInBrowser(bur, ctx.base, A, bureau.password)
  await bur.locator(sel('taskbook-complete')).waitFor()
  const v2 = await must(ctx, 'GET', `/racers/${A}/taskbook`, undefined, lead.token)
  assert.equal(v2.version, 2)
  assert.equal(v2.content.end_on, newEnd)
  assert.equal(v2.complete, true)
  await ctx.shot(bur, 'v2-signed')
  ctx.log('extension filed, consented, approved; v2 signed', change.id)

  // Racer B: its task book signed (API), part of its start-up paid, then terminated by the bureau on its funding
  // page: 6 万元 paid and no accepted expenses, so 6 万元 are due back; the refund is recorded as received.
  await signTaskbook(ctx, B, signers(three))
  boss = await ctx.bureauToken()
  await must(ctx, 'POST', `/challenges/${ch.id}/disbursements`, { racer_id: B, decision_id: dB.id, amount_fen: 6_000_000,
    paid_on: '2026-11-20', reference: '财拨〔2026〕72号' }, boss, 201)
  await bur.goto(`${ctx.base}/racers/${B}/funding`)
  await click(bur, 'plan-terminate')
  await fill(bur, 'plan-reason', '关键指标无法实现，经团队申请同意终止。')
  const term = await clickAndWait(bur, 'plan-submit', `/racers/${B}/terminate`)
  assert.equal(term.status(), 201, await term.text())
  await bur.locator(sel('plan-outstanding')).getByText('6.00').waitFor()
  await click(bur, 'plan-refund')
  await pickDate(bur, 'plan-received-on', '2026-12-05')
  await fill(bur, 'plan-reference', '退〔2026〕2号')
  const ref = await clickAndWait(bur, 'plan-submit', `/racers/${B}/refunds`)
  assert.equal(ref.status(), 201, await ref.text())
  await bur.locator(sel('plan-outstanding')).getByText('0.00').waitFor()
  ctx.log('racer terminated, refund received', B)

  // Stage 1 (API): the third racer advances, A is kept on condition of a rectification.
  const C = racers[2]
  await must(ctx, 'POST', `/challenges/${ch.id}/stages/1/decision`, { advance: [C], reason: '阶段考核', eliminate: [],
    rectify: [{ racer_id: A, requirements: '补充催化剂耐久性测试数据。' }] }, boss)
  // The team reports the rectification on the race board; the bureau passes it there. Both forms fit a phone.
  const phone = await ctx.newPage({ phone: true })
  await login(phone, ctx.base, bureau.email, bureau.password)
  const tp = await ctx.newPage({ phone: true })
  await login(tp, ctx.base, lead.email, password)
  await tp.goto(`${ctx.base}/challenges/${ch.id}/race`)
  await tp.locator(sel('rect-report-form')).waitFor()
  await assertFits(tp, 'rectification report form on a phone')
  await tm.goto(`${ctx.base}/challenges/${ch.id}/race`)
  await tm.locator(sel('rect-report-form')).waitFor()
  await fill(tm, 'rect-summary', '已补充 3000 小时耐久性测试，衰减率低于 5%。')
  const rep = await clickAndWait(tm, 'rect-report-submit', `/racers/${A}/rectification`)
  assert.equal(rep.status(), 201, await rep.text())
  await tm.locator(sel('rect-summary-' + A)).waitFor()
  await phone.goto(`${ctx.base}/challenges/${ch.id}/race`)
  await phone.locator(sel('rect-decide-form')).waitFor()
  await assertFits(phone, 'rectification decision form on a phone')
  await bur.goto(`${ctx.base}/challenges/${ch.id}/race`)
  await bur.locator(sel('rect-decide-form')).waitFor()
  await click(bur, 'rect-outcome-passed')
  await fill(bur, 'rect-reason', '整改到位。')
  const dec = await clickAndWait(bur, 'rect-decide-submit', `/racers/${A}/rectification/decide`)
  assert.equal(dec.status(), 200, await dec.text())
  assert.equal((await dec.json()).status, 'passed')
  await ctx.shot(bur, 'rectification-passed')
  ctx.log('rectification reported and passed', A)

  // The acceptance passes A (API); the final award is decided (API) and paid from 待拨付 (browser).
  for (const [r, met] of [[A, true], [C, false]]) {
    await must(ctx, 'POST', `/challenges/${ch.id}/acceptance/opinions`, { racer_id: r, opinion: met ? '达标。' : '未达标。',
      kpi_results: { 铂载量: { value: met ? 0.18 : 0.3, met } } }, ent.token, 201)
  }
  boss = await ctx.bureauToken()
  await must(ctx, 'POST', `/challenges/${ch.id}/acceptance`, { outcome: 'passed', winner_racer_ids: [A], opinion: '达标，同意验收。' }, boss)
  await decide(A, 'final_award', 20_000_000)
  await phone.goto(`${ctx.base}/bureau/due`)
  await phone.locator(sel(`due-pay-${A}-final_award`)).waitFor()
  await assertFits(phone, 'due (with the final award) on a phone')
  await bur.goto(`${ctx.base}/bureau/due`)
  await click(bur, `due-pay-${A}-final_award`)
  await pickDate(bur, 'pay-date', '2026-12-10')
  await fill(bur, 'pay-reference', '财拨〔2026〕99号')
  const award = await clickAndWait(bur, 'pay-submit', `/challenges/${ch.id}/disbursements`)
  assert.equal(award.status(), 201, await award.text())
  assert.equal((await award.json()).amount_fen, 20_000_000)
  await bur.locator(sel(`due-pay-${A}-final_award`)).waitFor({ state: 'detached' })
  ctx.log('final award paid', A)

  // On a phone: the task book, the race board (with the rectification) and 待拨付 fit 390 px.
  await phone.goto(`${ctx.base}/racers/${A}/taskbook`)
  await phone.locator(sel('taskbook-slots')).waitFor()
  await phone.locator(sel('changes')).waitFor()
  await assertFits(phone, 'task book on a phone')
  await phone.goto(`${ctx.base}/challenges/${ch.id}/race`)
  await phone.locator(sel('rect-panel-' + A)).waitFor()
  await assertFits(phone, 'race board with a rectification on a phone')
  await phone.goto(`${ctx.base}/bureau/due`)
  await phone.locator(sel('due-list')).waitFor()
  await assertFits(phone, 'due on a phone')
  await tp.goto(`${ctx.base}/racers/${A}/taskbook`)
  await tp.locator(sel('taskbook-slots')).waitFor()
  await assertFits(tp, 'task book on the team\'s phone')
}
