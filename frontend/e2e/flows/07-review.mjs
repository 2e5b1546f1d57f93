// Flow 7: expert review (专家评审) of a bid review round. Setup through the API (a published challenge, two
// eligible bids after the deadline, seven experts of verified institutes). In the browser: the bureau opens a
// bid review with the rubric editor and draws five experts per bid; one expert recuses on the workbench and a
// replacement is drawn at once; an expert scores on the material page; the rest score through the API; the
// bureau closes the round, sees the ranking with flags and the chart, and exports the Excel sheet; the closed
// round offers the scorer no scoring; a second, double-blind round hides the bidders from its expert.
import { assert, click, confirmBox, creditCode, fill, login, sel, waitApi } from '../lib.mjs'

const PASSWORD = 'Review-e2e-2026'
const TITLE = '工业机器人高精度谐波减速器寿命提升'
let seq = 0

async function token(ctx, email) {
  const r = await ctx.api('POST', '/auth/login', { email, password: PASSWORD })
  assert.equal(r.status, 200, JSON.stringify(r.body))
  return r.body.access_token
}

/** Registers a user of role in a new organisation, verified by the bureau. */
async function user(ctx, role, orgType, name) {
  const n = ++seq
  const email = `review-${role}-${n}-${Date.now()}@e2e.test`
  const body = { email, password: PASSWORD, name, role, org: { name: `${name}所在单位${n}`, type: orgType, credit_code: creditCode(700000 + n * 7 + (Date.now() % 1000)) } }
  if (role === 'expert') body.expert_fields = ['equipment']
  const r = await ctx.api('POST', '/auth/register', body)
  assert.equal(r.status, 201, JSON.stringify(r.body))
  const bur = await ctx.bureauToken()
  const v = await ctx.api('POST', `/orgs/${r.body.org.id}/verify`, undefined, bur)
  assert.equal(v.status, 200, JSON.stringify(v.body))
  return { id: r.body.id, email, name, token: await token(ctx, email) }
}

function bidBody(pi) {
  return {
    pi: { name: pi, email: `${pi}-${Date.now()}@lab.e2e.test` },
    partners: [],
    members: [{ name: '周敏', role: '结构设计' }],
    approach: '采用新型柔轮材料与齿形修形，结合加速寿命试验验证。',
    plan: [
      { stage: 1, kpi_targets: { 额定寿命: 8000, 传动精度: 30 }, deliverables: '原理样机' },
      { stage: 2, kpi_targets: { 额定寿命: 10000, 传动精度: 20 }, deliverables: '工程样机' },
    ],
    budget: [{ item: '设备费', amount_fen: 50_000_000 }],
    commitment_signed: true,
    integrity_pledge_signed: true,
  }
}

async function setup(ctx) {
  const bur = await ctx.bureauToken()
  const ent = await user(ctx, 'enterprise', 'enterprise', '发榜企业')
  const ch = await ctx.api('POST', '/challenges', {
    title: TITLE, field: 'equipment', background: '国产谐波减速器寿命与进口产品差距明显。',
    problem: '在保持传动精度的前提下，将谐波减速器额定寿命提升到 10000 小时。',
    kpis: [
      { name: '额定寿命', target: 10000, unit: 'h', comparison: '>=', method: '第三方加速寿命试验' },
      { name: '传动精度', target: 20, unit: 'arcsec', comparison: '<=', method: '精度检测台' },
    ],
    deliverables: '工程样机 5 台', duration_months: 18, budget_fen: 300_000_000, gov_funding_fen: 100_000_000,
    cofunding_fen: 150_000_000, ip_terms: '共有', eligibility: '不限', mode: 'race', max_racers: 2,
  }, ent.token)
  assert.equal(ch.status, 201, JSON.stringify(ch.body))
  const id = ch.body.id
  assert.equal((await ctx.api('POST', `/challenges/${id}/submit`, undefined, ent.token)).status, 200)
  assert.equal((await ctx.api('POST', `/challenges/${id}/validate`, { decision: 'approve', opinion: '' }, bur)).status, 200)
  const now = new Date((await ctx.api('GET', '/test/clock', undefined, bur)).body.now)
  const pub = await ctx.api('POST', `/challenges/${id}/publish`, { bid_deadline: new Date(now.getTime() + 24 * 3600_000).toISOString() }, bur)
  assert.equal(pub.status, 200, JSON.stringify(pub.body))
  const bids = []
  for (const pi of ['陈志远', '林晓']) {
    const tm = await user(ctx, 'team', 'university', '揭榜团队' + pi)
    const b = await ctx.api('POST', `/challenges/${id}/bids`, bidBody(pi), tm.token)
    assert.equal(b.status, 201, JSON.stringify(b.body))
    assert.equal((await ctx.api('POST', `/bids/${b.body.id}/submit`, undefined, tm.token)).status, 200)
    bids.push(b.body.id)
  }
  const experts = []
  for (const name of ['王建国', '李红', '张伟', '刘洋', '陈静', '杨帆', '赵磊']) experts.push(await user(ctx, 'expert', 'research_institute', name))
  assert.equal((await ctx.api('POST', '/test/clock', { advance: '25h' })).status, 200)
  const bur2 = await ctx.bureauToken()
  for (const b of bids) assert.equal((await ctx.api('POST', `/bids/${b}/eligibility`, { eligible: true }, bur2)).status, 200)
  for (const e of experts) e.token = await token(ctx, e.email)
  return { id, bids, experts }
}

function scores(x) {
  return { scores: { 技术方案: x, 团队实力: x - 5, 可行性与计划: x, 预算合理性: x + 2 }, comment: '方案总体可行，建议加强寿命验证。' }
}

export default async function flow(ctx) {
  const { id, experts } = await setup(ctx)
  ctx.log('challenge with two eligible bids', id)

  // The bureau opens a bid review (default rubric, 5 experts per bid) and draws with a seed.
  const bur = await ctx.newPage()
  await login(bur, ctx.base, ctx.state.bureau.email, ctx.state.bureau.password)
  await bur.goto(`${ctx.base}/challenges/${id}/rounds`)
  await click(bur, 'open-round')
  await bur.locator(sel('rubric-editor')).waitFor()
  assert.match(await bur.locator(sel('weight-sum')).innerText(), /100/)
  const [opened] = await Promise.all([waitApi(bur, new RegExp(`/challenges/${id}/rounds$`)), click(bur, 'open-round-submit')])
  assert.equal(opened.status(), 201, await opened.text())
  const round = (await opened.json()).id
  await bur.waitForURL(new RegExp(`/review/rounds/${round}$`))
  await fill(bur, 'seed', 20261130)
  const [drawn] = await Promise.all([waitApi(bur, new RegExp(`/rounds/${round}/assign$`)), click(bur, 'assign')])
  assert.equal(drawn.status(), 200, await drawn.text())
  await bur.locator(sel('draw-info')).getByText('20261130').waitFor()
  await ctx.shot(bur, 'drawn')
  const challenge = (await ctx.api('GET', `/challenges/${id}`, undefined, await ctx.bureauToken())).body
  assert.equal(challenge.status, 'reviewing')
  ctx.log('round opened and drawn', round)

  // Find an expert with a pending assignment: they recuse on the workbench; a replacement is drawn.
  const assigned = []
  for (const e of experts) {
    const r = await ctx.api('GET', '/me/assignments', undefined, e.token)
    for (const a of r.body.items) if (a.round_id === round) assigned.push({ e, a })
  }
  assert.equal(assigned.length, 10)
  const { e: recuser, a: recused } = assigned[0]
  const ex = await ctx.newPage()
  await login(ex, ctx.base, recuser.email, PASSWORD)
  await ex.goto(`${ctx.base}/review/workbench`)
  await click(ex, 'open-assignment-' + recused.id)
  await ex.locator(sel('material')).waitFor()
  await ex.locator(sel('bid-content')).waitFor()
  await click(ex, 'recuse')
  await fill(ex, 'recuse-reason', '本人曾与该申报团队负责人合作发表论文，申请回避。')
  const [rec] = await Promise.all([waitApi(ex, new RegExp(`/assignments/${recused.id}/recuse$`)), click(ex, 'recuse-confirm')])
  assert.equal(rec.status(), 200, await rec.text())
  const replacement = (await rec.json()).replacement
  assert.ok(replacement, 'a replacement is drawn at once')
  // The recused expert's page says so and no longer shows the material.
  await ex.locator(sel('withdrawn')).waitFor()
  assert.equal(await ex.locator(sel('material')).count(), 0, 'the material is withdrawn')
  await ctx.shot(ex, 'recused')
  ctx.log('recused', recused.id, 'replaced by', replacement.id)

  // Another expert scores on the material page (draft first, then submit).
  const scorer = assigned.find((x) => x.e.id !== recuser.id)
  const sp = await ctx.newPage()
  await login(sp, ctx.base, scorer.e.email, PASSWORD)
  await sp.goto(`${ctx.base}/review/assignments/${scorer.a.id}`)
  await sp.locator(sel('score-form')).waitFor()
  for (const [i, v] of [88, 80, 85, 90].entries()) await fill(sp, 'score-' + i, v)
  const [draft] = await Promise.all([waitApi(sp, new RegExp(`/assignments/${scorer.a.id}/score$`)), click(sp, 'save-draft')])
  assert.equal(draft.status(), 200, await draft.text())
  const [noComment] = await Promise.all([waitApi(sp, new RegExp(`/assignments/${scorer.a.id}/score$`)), click(sp, 'submit-scores')])
  assert.equal(noComment.status(), 422)
  await sp.locator(`${sel('score-form')} .el-form-item__error`).first().waitFor()
  await fill(sp, 'comment', '技术路线清晰，寿命试验方案充分。')
  const [sub] = await Promise.all([waitApi(sp, new RegExp(`/assignments/${scorer.a.id}/score$`)), click(sp, 'submit-scores')])
  assert.equal(sub.status(), 200, await sub.text())
  await sp.locator(sel('submitted-at')).waitFor()
  await ctx.shot(sp, 'scored')

  // The bureau replaces a pending member by hand, picking the replacement from the pool by name.
  const prog = (await ctx.api('GET', `/rounds/${round}/progress`, undefined, await ctx.bureauToken())).body
  let swap = null
  for (const ip of prog.items) {
    const onItem = new Set(ip.panel.map((m) => m.expert_id))
    const member = ip.panel.find((m) => m.status === 'pending' && m.assignment_id !== scorer.a.id)
    const free = experts.find((e) => !onItem.has(e.id))
    if (member && free) { swap = { member, free }; break }
  }
  assert.ok(swap, 'an item with a pending member and a free expert')
  await bur.reload()
  await click(bur, 'replace-' + swap.member.assignment_id)
  await bur.locator(`${sel('replace-expert')} input`).fill(swap.free.name)
  await bur.locator(sel('replace-option-' + swap.free.id)).click()
  await fill(bur, 'replace-reason', '原专家临时出差，由科技局指定替补。')
  await ctx.axe(bur, 'replace-dialog')
  const [rpl] = await Promise.all([waitApi(bur, new RegExp(`/assignments/${swap.member.assignment_id}/replace$`)), click(bur, 'replace-confirm')])
  assert.equal(rpl.status(), 200, await rpl.text())
  const after = (await ctx.api('GET', `/rounds/${round}/progress`, undefined, await ctx.bureauToken())).body
  const item = after.items.find((ip) => ip.panel.some((m) => m.assignment_id === swap.member.assignment_id))
  assert.ok(item.panel.some((m) => m.expert_id === swap.free.id && m.status === 'pending'), 'the picked expert replaces the member')
  ctx.log('replaced by hand', swap.member.assignment_id, 'with expert', swap.free.id)

  // Everyone else scores through the API (one harsh expert is flagged).
  let n = 0
  for (const e of experts) {
    const r = await ctx.api('GET', '/me/assignments', undefined, e.token)
    for (const a of r.body.items) {
      if (a.round_id !== round || a.status !== 'pending') continue
      const s = await ctx.api('POST', `/assignments/${a.id}/score`, scores(n === 0 ? 40 : 75 + (n % 10)), e.token)
      assert.equal(s.status, 200, JSON.stringify(s.body))
      n++
    }
  }
  ctx.log('scored through the API', n)

  // The bureau closes, sees the ranking, flags and chart, and exports the sheet.
  await bur.reload()
  await click(bur, 'close-round')
  const [closed] = await Promise.all([waitApi(bur, new RegExp(`/rounds/${round}/close$`)), confirmBox(bur)])
  assert.equal(closed.status(), 200, await closed.text())
  await bur.locator(sel('results-table')).waitFor()
  await bur.locator(sel('results-chart')).waitFor()
  const ranks = await bur.locator('[data-test^="rank-"]').allInnerTexts()
  assert.deepEqual(ranks.map((x) => x.trim()), ['1', '2'])
  await ctx.shot(bur, 'results')
  const [download] = await Promise.all([bur.waitForEvent('download'), click(bur, 'export')])
  assert.match(download.suggestedFilename(), /round-\d+-results\.xlsx/)
  ctx.log('closed; ranking and sheet exported')

  // A closed round offers no scoring: the scorer's workbench offers 查看, not 去评分, and the page no submit.
  await sp.goto(`${ctx.base}/review/workbench`)
  await sp.locator(sel('view-assignment-' + scorer.a.id)).waitFor()
  assert.equal(await sp.locator(sel('open-assignment-' + scorer.a.id)).count(), 0, 'no 去评分 in a closed round')
  await click(sp, 'view-assignment-' + scorer.a.id)
  await sp.locator(sel('score-form')).waitFor()
  assert.equal(await sp.locator(sel('submit-scores')).count(), 0, 'no submit in a closed round')

  // A second, double-blind bid review: the default rubric's 团队实力 is marked and refused until the bureau
  // unmarks it; the round is shown 双盲; its expert sees 方案A/B, not the PI, and the who-sees-what note.
  await bur.goto(`${ctx.base}/challenges/${id}/rounds`)
  await click(bur, 'open-round')
  await click(bur, 'double-blind')
  await bur.locator(sel('double-blind-rubric')).waitFor()
  const [refused] = await Promise.all([waitApi(bur, new RegExp(`/challenges/${id}/rounds$`)), click(bur, 'open-round-submit')])
  assert.equal(refused.status(), 422)
  assert.equal((await refused.json()).error.code, 'rubric_needs_identity')
  assert.match(await bur.locator(sel('open-round-error')).innerText(), /团队实力/)
  await click(bur, 'crit-identity-1')
  assert.equal(await bur.locator(sel('double-blind-rubric')).count(), 0)
  const [blindOpened] = await Promise.all([waitApi(bur, new RegExp(`/challenges/${id}/rounds$`)), click(bur, 'open-round-submit')])
  assert.equal(blindOpened.status(), 201, await blindOpened.text())
  const blindRound = (await blindOpened.json()).id
  await bur.waitForURL(new RegExp(`/review/rounds/${blindRound}$`))
  await bur.locator(sel('round-double-blind')).waitFor()
  const bdrawn = await ctx.api('POST', `/rounds/${blindRound}/assign`, { seed: 5 }, await ctx.bureauToken())
  assert.equal(bdrawn.status, 200, JSON.stringify(bdrawn.body))
  let blind = null
  for (const e of experts) {
    const r = await ctx.api('GET', '/me/assignments', undefined, e.token)
    const a = r.body.items.find((x) => x.round_id === blindRound && x.status === 'pending')
    if (a) { blind = { e, a }; break }
  }
  assert.ok(blind, 'an expert of the double-blind round')
  assert.match(blind.a.item_label, /^方案[A-Z]$/)
  const bp = await ctx.newPage()
  await login(bp, ctx.base, blind.e.email, PASSWORD)
  await bp.goto(`${ctx.base}/review/workbench`)
  await bp.locator(sel('assignment-double-blind-' + blind.a.id)).waitFor()
  await click(bp, 'open-assignment-' + blind.a.id)
  await bp.locator(sel('who-sees')).waitFor()
  await bp.locator(sel('blind-pi')).waitFor()
  const text = await bp.locator('body').innerText()
  for (const secret of ['陈志远', '林晓', '揭榜团队', '周敏']) assert.ok(!text.includes(secret), `the double-blind page shows ${secret}`)
  await ctx.shot(bp, 'double-blind')
  ctx.log('double-blind round', blindRound, 'expert sees', blind.a.item_label)
}
