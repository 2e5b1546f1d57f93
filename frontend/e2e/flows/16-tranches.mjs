// Flow 16: milestone payments, termination and refunds (里程碑拨付 / 终止 / 退款). Setup through the API: three
// racers (flow 9's setup under other names), start-up funds decided for two of them and part of one paid. In the
// browser the bureau sees the due start-up tranche on 待拨付 and pays it naming the tranche, terminates the other
// racer on its funding page (a refund becomes due) and records the refund received; the same pages on a phone fit
// 390 px.
import { assert, assertFits, click, clickAndWait, fill, login, must, sel, signTaskbook } from '../lib.mjs'
import { signers, threeRacers } from './09-funding.mjs'

async function pickDate(page, name, value) {
  const input = page.locator(`${sel(name)} input, input${sel(name)}`).first()
  await input.fill(value)
  await input.press('Enter')
}

export default async function flow(ctx) {
  const three = await threeRacers(ctx, { prefix: 'tranche', label: '拨付', codeBase: 980000, field: 'agriculture' })
  const { ch, racers } = three
  const [paid, ended] = racers
  // The start-up tranche is held until the task book is signed by every party.
  for (const r of [paid, ended]) await signTaskbook(ctx, r, signers(three))
  const boss = await ctx.bureauToken()
  const decide = (racer) => must(ctx, 'POST', `/challenges/${ch.id}/funding-decisions`,
    { racer_id: racer, tranche: 'startup', amount_fen: 10_000_000, basis: '立项决定' }, boss, 201)
  await decide(paid)
  const d2 = await decide(ended)
  await must(ctx, 'POST', `/challenges/${ch.id}/disbursements`, { racer_id: ended, decision_id: d2.id, amount_fen: 6_000_000,
    paid_on: '2026-11-20', reference: '财拨〔2026〕90号' }, boss, 201)

  const bur = await ctx.newPage()
  await login(bur, ctx.base, ctx.state.bureau.email, ctx.state.bureau.password)
  await bur.goto(`${ctx.base}/bureau/due`)
  await bur.locator(sel('due-list')).waitFor()
  await click(bur, `due-pay-${paid}-startup`)
  await pickDate(bur, 'pay-date', '2026-12-01')
  await fill(bur, 'pay-reference', '财拨〔2026〕91号')
  const pay = await clickAndWait(bur, 'pay-submit', `/challenges/${ch.id}/disbursements`)
  assert.equal(pay.status(), 201, await pay.text())
  assert.equal((await pay.json()).amount_fen, 10_000_000)
  await bur.locator(sel(`due-pay-${paid}-startup`)).waitFor({ state: 'detached' })
  await ctx.shot(bur, 'due')

  // Terminate the other racer: 6 万元 paid, no accepted expenses, so 6 万元 are due back.
  await bur.goto(`${ctx.base}/racers/${ended}/funding`)
  await click(bur, 'plan-terminate')
  await fill(bur, 'plan-reason', '关键指标无法实现，经团队申请同意终止。')
  const term = await clickAndWait(bur, 'plan-submit', `/racers/${ended}/terminate`)
  assert.equal(term.status(), 201, await term.text())
  await bur.locator(sel('plan-ending')).waitFor()
  await bur.locator(sel('plan-outstanding')).getByText('6.00').waitFor()
  await bur.locator(sel('plan-state-startup')).getByText('暂缓').waitFor()

  // The refund received.
  await click(bur, 'plan-refund')
  await pickDate(bur, 'plan-received-on', '2026-12-05')
  await fill(bur, 'plan-reference', '退〔2026〕1号')
  const ref = await clickAndWait(bur, 'plan-submit', `/racers/${ended}/refunds`)
  assert.equal(ref.status(), 201, await ref.text())
  await bur.locator(sel('plan-outstanding')).getByText('0.00').waitFor()
  await ctx.shot(bur, 'terminated')

  // On a phone: 待拨付 and the racer's funding page fit.
  const phone = await ctx.newPage({ phone: true })
  await login(phone, ctx.base, ctx.state.bureau.email, ctx.state.bureau.password)
  await phone.goto(`${ctx.base}/bureau/due`)
  await phone.locator(sel('due-list')).waitFor()
  await assertFits(phone, 'due on a phone')
  await phone.goto(`${ctx.base}/racers/${ended}/funding`)
  await phone.locator(sel('plan-tranches')).waitFor()
  await assertFits(phone, 'racer funding on a phone')
  ctx.log('startup paid from 待拨付, racer terminated, refund received')
}
