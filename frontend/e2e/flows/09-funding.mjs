// Flow 9: the funding ledger (资助). Setup through the API: a race-mode challenge (cap 200 万元) with three
// bids, a bid review scored by experts, the selection of all three, the notice, the start: three racers.
// Then in the browser the bureau decides the start-up funds of the three racers from the default split, is
// refused a decision over the cap with the figures shown in 万元, records a duplicate and reverses it,
// records the enterprise's co-funding and a payment, downloads the Excel ledger and reads the dashboard.
import { advancePast, apiUsers, must, assert, click, clickAndWait, creditCode, fill, login, sel, signTaskbook } from '../lib.mjs'

const PASSWORD = 'Fund-e2e-2026'
const TITLE = '氢燃料电池电堆低铂催化剂攻关'


/**
 * Three racers on a new race-mode challenge, driven through the API (other flows pass their own prefix, and their
 * own field: the review's draw takes every expert of the field, so each caller's experts must be the only ones).
 */
export async function threeRacers(ctx, opts = { prefix: 'fund', label: '资助', codeBase: 990000 }) {
  const users = apiUsers(ctx, { prefix: opts.prefix, label: opts.label, password: PASSWORD, codeBase: opts.codeBase })
  let boss = await ctx.bureauToken()
  const ent = await users.register('enterprise', 'enterprise', 1, boss)
  const teams = []
  for (let i = 1; i <= 3; i++) teams.push(await users.register('team', 'university', i, boss))
  const experts = []
  for (let i = 1; i <= 3; i++) {
    const e = await users.register('expert', 'research_institute', i, boss)
    await must(ctx, 'PUT', '/me/expert-profile', { fields: [opts.field ?? 'energy'], conflicts: [] }, e.token)
    experts.push(e)
  }
  const ch = await must(ctx, 'POST', '/challenges', {
    title: TITLE, field: opts.field ?? 'energy', background: '燃料电池电堆成本居高不下，铂用量是主要原因。', problem: '将膜电极铂载量降至 0.2 g/kW 以下且寿命不降低。',
    kpis: [{ name: '铂载量', target: 0.2, unit: 'g/kW', comparison: '<=', method: '第三方检测' }],
    deliverables: '膜电极样品与电堆测试报告', duration_months: 12, budget_fen: 600_000_000, gov_funding_fen: 200_000_000,
    cofunding_fen: 300_000_000, ip_terms: '双方共有', eligibility: '不限年龄、职称、学历', mode: 'race', max_racers: 3,
  }, ent.token, 201)
  await must(ctx, 'POST', `/challenges/${ch.id}/submit`, {}, ent.token)
  await must(ctx, 'POST', `/challenges/${ch.id}/validate`, { decision: 'approve' }, boss)
  const now = (await must(ctx, 'GET', '/test/clock')).now
  await must(ctx, 'POST', `/challenges/${ch.id}/publish`, { bid_deadline: new Date(Date.parse(now) + 3600_000).toISOString() }, boss)
  const bids = []
  for (const [i, tm] of teams.entries()) {
    const b = await must(ctx, 'POST', `/challenges/${ch.id}/bids`, {
      pi: { name: ['周工', '吴工', '郑工'][i], email: `${opts.prefix}-pi-${i}@e2e.test` }, approach: '核壳结构低铂合金催化剂与有序化膜电极。',
      plan: [1, 2].map((s) => ({ stage: s, kpi_targets: { 铂载量: Math.round((0.4 - s * 0.1) * 10) / 10 }, deliverables: s === 1 ? '催化剂样品' : '膜电极与电堆' })),
      budget: [{ item: '材料费', amount_fen: 50_000_000 }, { item: '测试费', amount_fen: 30_000_000 }],
      commitment_signed: true, integrity_pledge_signed: true,
    }, tm.token, 201)
    await must(ctx, 'POST', `/bids/${b.id}/submit`, {}, tm.token)
    bids.push(b.id)
  }
  await must(ctx, 'POST', '/test/clock', { advance: '2h' })
  boss = await ctx.bureauToken()
  await users.relogin([...teams, ent, ...experts])
  for (const id of bids) await must(ctx, 'POST', `/bids/${id}/eligibility`, { eligible: true, reason: '材料齐全' }, boss)
  const round = await must(ctx, 'POST', `/challenges/${ch.id}/rounds`, { kind: 'bid_review', experts_per_item: 3,
    deadline: new Date(Date.parse(now) + 10 * 86400_000).toISOString() }, boss, 201)
  await must(ctx, 'POST', `/rounds/${round.id}/assign`, { seed: 9 }, boss)
  const r = await must(ctx, 'GET', `/rounds/${round.id}`, undefined, boss)
  const names = r.rubric.map((c) => c.name)
  for (const e of experts) {
    const mine = await must(ctx, 'GET', '/me/assignments?page_size=100', undefined, e.token)
    for (const a of mine.items.filter((x) => x.status === 'pending' && x.round_id === round.id)) {
      const x = 80 + bids.indexOf(a.bid_id)
      await must(ctx, 'POST', `/assignments/${a.id}/score`, { scores: Object.fromEntries(names.map((n) => [n, x])), comment: '方案可行' }, e.token)
    }
  }
  await must(ctx, 'POST', `/rounds/${round.id}/close`, {}, boss)
  const notice = await must(ctx, 'POST', `/challenges/${ch.id}/selection`, { bid_ids: bids, notice_days: 5 }, boss)
  await advancePast(ctx, notice.ends_at)
  boss = await ctx.bureauToken()
  const started = await must(ctx, 'POST', `/challenges/${ch.id}/start`, {}, boss)
  const racers = started.items.map((x) => x.id)
  assert.equal(racers.length, 3, JSON.stringify(started))
  await users.relogin([...teams, ent])
  return { ch, racers, ent, teams, experts, users, password: PASSWORD }
}

/** The candidates who sign the racers' task books through the API (the teams, the owner; signTaskbook adds the bureau). */
export function signers(r) {
  return [...r.teams, r.ent].map((u) => ({ token: u.token, password: r.password }))
}

export default async function flow(ctx) {
  const three = await threeRacers(ctx)
  const { ch, racers } = three
  ctx.log('three racers', racers.join(','))
  // The start-up tranche is held until the task book is signed by every party: racer 1's is (the payment below).
  await signTaskbook(ctx, racers[0], signers(three))
  const bur = await ctx.newPage()
  await login(bur, ctx.base, ctx.state.bureau.email, ctx.state.bureau.password)
  await bur.goto(`${ctx.base}/challenges/${ch.id}/funding`)
  await bur.locator(sel('funding-proposal')).waitFor()

  // Start-up funds for the three racers, from the default split (20% of 200 万元 shared equally).
  const decided = []
  for (let i = 0; i < 3; i++) {
    await click(bur, 'proposal-use-' + i)
    await fill(bur, 'decision-basis', '立项决定（揭榜评审第 1 轮）')
    const res = await clickAndWait(bur, 'decision-submit', `/challenges/${ch.id}/funding-decisions`)
    assert.equal(res.status(), 201, await res.text())
    decided.push(await res.json())
  }
  assert.deepEqual(decided.map((d) => d.tranche), ['startup', 'startup', 'startup'])
  await bur.locator(sel('funding-decided')).getByText('40.00').waitFor()

  // Over the cap: refused, with the figures in 万元.
  await click(bur, 'proposal-use-0')
  await fill(bur, 'decision-amount', '180')
  const over = await clickAndWait(bur, 'decision-submit', `/challenges/${ch.id}/funding-decisions`)
  assert.equal(over.status(), 409, await over.text())
  const box = bur.locator(sel('over-cap'))
  await box.getByText('200.00').waitFor()
  await box.getByText('180.00').waitFor()
  await box.getByText('160.00').waitFor()
  await ctx.shot(bur, 'over-cap')

  // A duplicate for racer 3, reversed with a reason.
  await click(bur, 'proposal-use-2')
  const dupRes = await clickAndWait(bur, 'decision-submit', `/challenges/${ch.id}/funding-decisions`)
  assert.equal(dupRes.status(), 201, await dupRes.text())
  const dup = await dupRes.json()
  await click(bur, 'reverse-' + dup.id)
  await fill(bur, 'reverse-reason', '重复录入，予以冲销。')
  const rev = await clickAndWait(bur, 'reverse-confirm', `/challenges/${ch.id}/funding-decisions`)
  assert.equal(rev.status(), 201, await rev.text())
  assert.equal((await rev.json()).amount_fen, -dup.amount_fen)
  await bur.locator(sel('funding-decisions')).getByText(`冲销 #${dup.id}`).waitFor()
  await bur.locator(sel('funding-decided')).getByText('40.00').waitFor()

  // The enterprise's co-funding received for racer 1.
  await click(bur, 'proposal-use-0')
  await bur.locator(sel('decision-source')).getByText('企业配套').click()
  await fill(bur, 'decision-amount', '20')
  await fill(bur, 'decision-basis', '银行到账回单')
  const co = await clickAndWait(bur, 'decision-submit', `/challenges/${ch.id}/funding-decisions`)
  assert.equal(co.status(), 201, await co.text())
  assert.equal((await co.json()).source, 'enterprise')

  // A payment of 5 万元 against racer 1's start-up decision.
  await click(bur, 'disburse-decision')
  await bur.locator('.el-select-dropdown__item:visible').filter({ hasText: `#${decided[0].id} ` }).first().click()
  await fill(bur, 'disburse-amount', '5')
  const dateInput = bur.locator(`${sel('disburse-date')} input, input${sel('disburse-date')}`).first()
  await dateInput.fill('2026-12-01')
  await dateInput.press('Enter')
  await fill(bur, 'disburse-reference', '财拨〔2026〕88号')
  const pay = await clickAndWait(bur, 'disburse-submit', `/challenges/${ch.id}/disbursements`)
  assert.equal(pay.status(), 201, await pay.text())
  await bur.locator(sel('funding-disbursements')).getByText('财拨〔2026〕88号').waitFor()
  await bur.locator(sel('funding-disbursed')).getByText('5.00').waitFor()
  await ctx.shot(bur, 'ledger')

  // The Excel ledger.
  const [dl] = await Promise.all([bur.waitForEvent('download'), click(bur, 'funding-download')])
  assert.equal(dl.suggestedFilename(), `challenge-${ch.id}-funding.xlsx`)
  const path = await dl.path()
  assert.ok(path, 'the workbook was saved')

  // The dashboard shows the challenge's funds and its three racers.
  await bur.goto(`${ctx.base}/bureau/dashboard`)
  const funds = bur.locator(sel('dashboard-funds'))
  await funds.locator('tr', { hasText: TITLE }).getByText('40.00').waitFor()
  await bur.locator(sel('dashboard-funnel')).waitFor()
  await ctx.shot(bur, 'dashboard')
  ctx.log('funding decided, reversed, co-funded, paid, exported')
}
