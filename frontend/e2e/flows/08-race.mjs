// Flow 8: the horse race (赛马). Setup through the API (organisations, a race-mode challenge, three bids, a
// bid review scored by experts and closed); then in the browser: the bureau selects the top two beside the
// ranking, the public notice runs, a team left out objects, the bureau answers, the test clock passes the
// notice, the bureau starts the project, a racer reports, a stage review (API) scores the reports, the bureau
// confirms the proposal eliminating one racer, the enterprise records its acceptance opinion, the bureau
// concludes with a winner; the race board and the public results show it.
import { advancePast, apiUsers, assertFits, must, assert, click, clickAndWait, creditCode, fill, login, sel, tinyPdf } from '../lib.mjs'

const PASSWORD = 'Race-e2e-2026'
const TITLE = '高精度伺服电机赛马攻关'
const KPIS = [
  { name: '定位精度', target: 5, unit: 'μm', comparison: '<=', method: '激光干涉仪测量' },
  { name: '峰值效率', target: 95, unit: '%', comparison: '>=', method: '第三方台架试验' },
]


/** Every expert scores each pending assignment of the round with score(item), then the bureau closes it. */
async function scoreRound(ctx, round, experts, score, bureau) {
  const r = await must(ctx, 'GET', `/rounds/${round}`, undefined, bureau)
  const names = r.rubric.map((c) => c.name)
  for (const e of experts) {
    const mine = await must(ctx, 'GET', '/me/assignments?page_size=100', undefined, e.token)
    for (const a of mine.items.filter((x) => x.status === 'pending' && x.round_id === round)) {
      const x = score(a)
      await must(ctx, 'POST', `/assignments/${a.id}/score`, { scores: Object.fromEntries(names.map((n) => [n, x])), comment: '评分依据充分' }, e.token)
    }
  }
  await must(ctx, 'POST', `/rounds/${round}/close`, {}, bureau)
}

const report = (stage, v1, v2) => ({ stage, summary: `第 ${stage} 阶段：完成样机并测试。`, kpi_values: { 定位精度: v1, 峰值效率: v2 } })

export default async function flow(ctx) {
  const users = apiUsers(ctx, { prefix: 'race', label: '赛马', password: PASSWORD, codeBase: 880000 })
  let boss = await ctx.bureauToken()
  const ent = await users.register('enterprise', 'enterprise', 1, boss)
  const teams = [await users.register('team', 'university', 1, boss), await users.register('team', 'research_institute', 2, boss), await users.register('team', 'university', 3, boss)]
  // Experts of a field no other flow uses, so the draw staffs this race's panels with them only.
  const experts = []
  for (let i = 1; i <= 5; i++) {
    const e = await users.register('expert', 'research_institute', i, boss)
    await must(ctx, 'PUT', '/me/expert-profile', { fields: ['marine'], conflicts: [] }, e.token)
    experts.push(e)
  }
  // A race-mode challenge, published, three bids, bidding closed by the clock, all eligible.
  const ch = await must(ctx, 'POST', '/challenges', {
    title: TITLE, field: 'marine', background: '高端数控机床伺服系统依赖进口。', problem: '研制定位精度与效率达到国际先进水平的伺服电机。',
    kpis: KPIS, deliverables: '样机 5 台与测试报告', duration_months: 12, budget_fen: 500_000_000, gov_funding_fen: 200_000_000,
    cofunding_fen: 300_000_000, ip_terms: '双方共有', eligibility: '不限年龄、职称、学历', mode: 'race', max_racers: 2,
  }, ent.token, 201)
  await must(ctx, 'POST', `/challenges/${ch.id}/submit`, {}, ent.token)
  await must(ctx, 'POST', `/challenges/${ch.id}/validate`, { decision: 'approve' }, boss)
  const now = (await must(ctx, 'GET', '/test/clock')).now
  await must(ctx, 'POST', `/challenges/${ch.id}/publish`, { bid_deadline: new Date(Date.parse(now) + 3600_000).toISOString() }, boss)
  const bids = []
  for (const [i, tm] of teams.entries()) {
    const b = await must(ctx, 'POST', `/challenges/${ch.id}/bids`, {
      pi: { name: ['赵工', '钱工', '孙工'][i], email: `race-pi-${i}@e2e.test` }, approach: '无框力矩电机与高分辨率编码器一体化设计。',
      plan: [1, 2].map((s) => ({ stage: s, kpi_targets: { 定位精度: 8 - s * 2, 峰值效率: 92 + s * 2 }, deliverables: s === 1 ? '原理样机' : '工程样机' })),
      budget: [{ item: '设备费', amount_fen: 60_000_000 }, { item: '测试费', amount_fen: 40_000_000 }],
      commitment_signed: true, integrity_pledge_signed: true,
    }, tm.token, 201)
    await must(ctx, 'POST', `/bids/${b.id}/submit`, {}, tm.token)
    bids.push(b.id)
  }
  await must(ctx, 'POST', '/test/clock', { advance: '2h' })
  boss = await ctx.bureauToken()
  await users.relogin([...teams, ent, ...experts])
  for (const id of bids) await must(ctx, 'POST', `/bids/${id}/eligibility`, { eligible: true, reason: '材料齐全' }, boss)
  // The bid review: bid 2 best, then bid 1, then bid 3.
  const deadline = new Date(Date.parse(now) + 10 * 86400_000).toISOString()
  const round = await must(ctx, 'POST', `/challenges/${ch.id}/rounds`, { kind: 'bid_review', experts_per_item: 3, deadline }, boss, 201)
  await must(ctx, 'POST', `/rounds/${round.id}/assign`, { seed: 8 }, boss)
  const bidScore = { [bids[1]]: 91, [bids[0]]: 84, [bids[2]]: 72 }
  await scoreRound(ctx, round.id, experts, (a) => bidScore[a.bid_id], boss)
  ctx.log('bid review closed', round.id)

  // Bureau: the selection beside the ranking; the top two are preselected.
  const bur = await ctx.newPage()
  await login(bur, ctx.base, ctx.state.bureau.email, ctx.state.bureau.password)
  await bur.goto(`${ctx.base}/challenges/${ch.id}`)
  await click(bur, 'challenge-selection')
  await bur.waitForURL(new RegExp(`/challenges/${ch.id}/selection$`))
  await bur.locator(sel('ranking')).getByText(teams[1].org.name).waitFor()
  await bur.locator(sel('picked-count'), { hasText: /2/ }).waitFor()
  await ctx.shot(bur, 'selection')
  const selRes = await clickAndWait(bur, 'selection-submit', `/challenges/${ch.id}/selection`)
  assert.equal(selRes.status(), 200, await selRes.text())
  const notice = await selRes.json()
  await bur.waitForURL(new RegExp(`/notices/${notice.id}$`))
  await bur.locator(sel('selected-teams')).getByText(teams[0].org.name).waitFor()

  // The team left out objects on the public notice page.
  const t3 = await ctx.newPage()
  await login(t3, ctx.base, teams[2].email, PASSWORD)
  await t3.goto(`${ctx.base}/notices/${notice.id}`)
  await fill(t3, 'objection-reason', '第一名团队的合作单位与发榜企业存在投资关系，请核查。')
  const obj = await clickAndWait(t3, 'objection-submit', `/notices/${notice.id}/objections`)
  assert.equal(obj.status(), 201, await obj.text())
  await t3.locator(sel('objections-count')).getByText('1').waitFor()
  const objection = await obj.json()

  // Bureau answers on the notice page; start is refused until the period ends.
  await bur.reload()
  await click(bur, 'answer-' + objection.id)
  await click(bur, 'outcome-dismissed')
  await fill(bur, 'answer-text', '经核查，双方无投资关系，异议不成立。')
  const ans = await clickAndWait(bur, 'answer-submit', `/objections/${objection.id}/resolve`)
  assert.equal(ans.status(), 200, await ans.text())
  await bur.locator(sel('objection-' + objection.id)).getByText('异议不成立').waitFor()
  assert.ok(await bur.locator(sel('start-race')).isDisabled(), 'start is disabled while the notice runs')
  await ctx.shot(bur, 'notice')
  // An anonymous visitor sees the answer but not the objector.
  const pub = await ctx.newPage()
  await pub.goto(`${ctx.base}/notices/${notice.id}`)
  await pub.locator(sel('objection-' + objection.id)).getByText('双方无投资关系').waitFor()
  assert.ok(!(await pub.content()).includes(teams[2].name), 'the objector stays anonymous')

  // The clock passes the notice (5 working days on the calendar, to the end the server computed); the job closes
  // it; the bureau starts the project.
  await advancePast(ctx, notice.ends_at)
  await bur.reload()
  await bur.locator(`${sel('notice-status')}`).getByText('已结束').waitFor()
  const started = await clickAndWait(bur, 'start-race', `/challenges/${ch.id}/start`)
  assert.equal(started.status(), 200, await started.text())
  await bur.waitForURL(new RegExp(`/challenges/${ch.id}/race$`))
  const board0 = await started.json()
  const racerOf = Object.fromEntries(board0.items.map((r) => [r.bid_id, r.id]))
  const r1 = racerOf[bids[0]]
  const r2 = racerOf[bids[1]]
  assert.ok(r1 && r2 && !racerOf[bids[2]], 'the two selected bids race')

  // Team 1 reports stage 1 in the browser; team 2 through the API.
  const t1 = await ctx.newPage()
  await login(t1, ctx.base, teams[0].email, PASSWORD)
  await t1.goto(`${ctx.base}/challenges/${ch.id}/race`)
  await click(t1, 'report-stage-1')
  await fill(t1, 'report-summary', '完成原理样机，定位精度 6 μm。')
  await fill(t1, 'report-kpi-定位精度', '6')
  await fill(t1, 'report-kpi-峰值效率', '93.5')
  const rep = await clickAndWait(t1, 'report-submit', `/racers/${r1}/reports`)
  assert.equal(rep.status(), 201, await rep.text())
  const [att] = await Promise.all([
    t1.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname.endsWith(`/racers/${r1}/reports/1/attachments`)),
    t1.setInputFiles(`${sel('report-upload')} input[type=file]`, { name: '中期测试报告.pdf', mimeType: 'application/pdf', buffer: tinyPdf() }),
  ])
  assert.equal(att.status(), 201, await att.text())
  await t1.locator(sel('race-board')).getByText('中期测试报告.pdf').waitFor()
  await users.relogin([...teams, ent, ...experts])
  await must(ctx, 'POST', `/racers/${r2}/reports`, report(1, 7.5, 91), teams[1].token, 201)

  // The stage review (API): team 1 scores 86, team 2 52.
  boss = await ctx.bureauToken()
  const later = (await must(ctx, 'GET', '/test/clock')).now
  const sr = await must(ctx, 'POST', `/challenges/${ch.id}/rounds`, { kind: 'stage_review', stage: 1, experts_per_item: 3,
    deadline: new Date(Date.parse(later) + 10 * 86400_000).toISOString() }, boss, 201)
  await must(ctx, 'POST', `/rounds/${sr.id}/assign`, { seed: 9 }, boss)

  // An expert of team 1's item reads its report (text, KPI values, file) in the workbench before scoring.
  let reader = null
  for (const e of experts) {
    const mine = await must(ctx, 'GET', '/me/assignments?page_size=100', undefined, e.token)
    const a = mine.items.find((x) => x.round_id === sr.id && x.racer_id === r1)
    if (a) { reader = { e, a }; break }
  }
  assert.ok(reader, 'team 1 has experts')
  const xp = await ctx.newPage()
  await login(xp, ctx.base, reader.e.email, PASSWORD)
  await xp.goto(`${ctx.base}/review/assignments/${reader.a.id}`)
  await xp.locator(sel('report-summary')).getByText('完成原理样机，定位精度 6 μm。').waitFor()
  await xp.locator(sel('report-kpis')).getByText('定位精度').waitFor()
  const [rdl] = await Promise.all([xp.waitForEvent('download'), xp.locator(sel('report-files')).getByText('中期测试报告.pdf').click()])
  assert.equal(rdl.suggestedFilename(), '中期测试报告.pdf')
  await ctx.axe(xp, 'expert-report')
  await ctx.shot(xp, 'expert-reads-report')
  await xp.setViewportSize({ width: 390, height: 844 }) // the same page on a phone: nothing past the edge
  await xp.locator(sel('report-summary')).waitFor()
  await assertFits(xp, 'expert report on a phone')
  await ctx.shot(xp, 'expert-reads-report-phone')
  await xp.close()
  await scoreRound(ctx, sr.id, experts, (a) => (a.racer_id === r1 ? 86 : 52), boss)

  // The bureau confirms the proposal: team 2 is eliminated (tolerance applies).
  await bur.goto(`${ctx.base}/challenges/${ch.id}/race`)
  await click(bur, 'go-decision')
  await bur.waitForURL(new RegExp(`/stages/1/decision$`))
  await bur.locator(sel('decision-table')).getByText('52.00').waitFor()
  await fill(bur, 'elim-reason-' + r2, '中期评分低于 60 分，关键指标未达阶段目标。')
  await ctx.shot(bur, 'decision')
  const dec = await clickAndWait(bur, 'decision-submit', `/challenges/${ch.id}/stages/1/decision`)
  assert.equal(dec.status(), 200, await dec.text())
  await bur.waitForURL(new RegExp(`/challenges/${ch.id}/race$`))
  await bur.locator(sel('racer-status-' + r2)).getByText('已淘汰').waitFor()

  // The decided stage shows what was decided, read-only (both racers, the elimination's reason), not a proposal
  // recomputed over the racers still racing; the final stage offers no stage decision (the acceptance concludes it).
  await bur.goto(`${ctx.base}/challenges/${ch.id}/stages/1/decision`)
  await bur.locator(sel('decision-outcome')).getByText('1 个团队晋级，1 个团队淘汰').waitFor()
  await bur.locator(sel('decided-' + r1)).getByText('晋级').waitFor()
  await bur.locator(sel('decided-' + r2)).getByText('淘汰').waitFor()
  await bur.locator(sel('elim-' + r2)).getByText('中期评分低于 60 分').waitFor()
  assert.equal(await bur.locator(sel('decision-submit')).count(), 0, 'a decided stage offers no form')
  await ctx.shot(bur, 'decision-decided')
  await bur.goto(`${ctx.base}/challenges/${ch.id}/stages/2/decision`)
  await bur.locator(sel('decision-final')).waitFor()
  assert.equal(await bur.locator(sel('decision-submit')).count(), 0, 'the final stage offers no stage decision')
  // The rounds page names each round's stage; a second round of stage 1 is refused (409 round_exists).
  await bur.goto(`${ctx.base}/challenges/${ch.id}/rounds`)
  await bur.locator(sel('rounds-table')).getByText('阶段考核 · 第 1 阶段').waitFor()
  await bur.goto(`${ctx.base}/challenges/${ch.id}/race`)

  // Final report (API), the enterprise's acceptance opinion in the browser.
  await must(ctx, 'POST', `/racers/${r1}/reports`, report(2, 4.2, 95.6), teams[0].token, 201)
  const en = await ctx.newPage()
  await login(en, ctx.base, ent.email, PASSWORD)
  await en.goto(`${ctx.base}/challenges/${ch.id}/race`)
  await click(en, 'opinion-for-' + r1)
  await click(en, 'opinion-met-定位精度')
  await click(en, 'opinion-met-峰值效率')
  await fill(en, 'opinion-text', '样机定位精度 4.2 μm、峰值效率 95.6%，全部达标，同意验收。')
  const op = await clickAndWait(en, 'opinion-submit', `/challenges/${ch.id}/acceptance/opinions`)
  assert.equal(op.status(), 201, await op.text())

  // The bureau concludes: completed with team 1 the winner.
  await bur.reload()
  await click(bur, 'winner-' + r1)
  await fill(bur, 'conclude-opinion', '验收通过，一号团队胜出。')
  const acc = await clickAndWait(bur, 'conclude-submit', `/challenges/${ch.id}/acceptance`)
  assert.equal(acc.status(), 200, await acc.text())
  await bur.locator(sel('racer-status-' + r1)).getByText('胜出').waitFor()
  await bur.locator(sel('board-status') + '[data-status="completed"]').waitFor()
  await bur.locator(sel('kpi-chart-定位精度')).waitFor()
  await ctx.shot(bur, 'board')

  // The public: the board shows outcomes, the results page the winner.
  await pub.goto(`${ctx.base}/challenges/${ch.id}/race`)
  await pub.locator(sel('racer-status-' + r1)).getByText('胜出').waitFor()
  await pub.goto(`${ctx.base}/results`)
  await pub.locator(sel('result-' + ch.id)).getByText(teams[0].org.name).first().waitFor()
  await pub.locator(sel('result-racer-' + r1)).getByText('胜出').waitFor()
  await ctx.shot(pub, 'results')
  ctx.log('race completed with a winner', r1)
}
