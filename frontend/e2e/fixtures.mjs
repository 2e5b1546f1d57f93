// Test data made through the API (for flows that look at pages rather than walk the process): a published
// challenge with N submitted bids. Every call is checked; unique names come from the seed number.
import { assert, creditCode } from './lib.mjs'

export const FIXTURE_PASSWORD = 'Fixture2026x'

async function ok(r, status, what) {
  assert.equal(r.status, status, `${what}: ${r.status} ${JSON.stringify(r.body)}`)
  return r.body
}

/** Registers a user with a new verified organisation and answers {email, token, orgId}. */
export async function verifiedUser(ctx, role, seed, orgName, orgType) {
  const email = `${role}${seed}@fixture.test`
  const u = await ok(
    await ctx.api('POST', '/auth/register', {
      email, password: FIXTURE_PASSWORD, name: `测试用户${seed % 1000}`, role,
      org: { name: orgName, type: orgType, credit_code: creditCode(seed) },
    }),
    201, `register ${email}`,
  )
  await ok(await ctx.api('POST', `/orgs/${u.org.id}/verify`, undefined, await ctx.bureauToken()), 200, 'verify org')
  const login = await ok(await ctx.api('POST', '/auth/login', { email, password: FIXTURE_PASSWORD }), 200, `login ${email}`)
  return { email, token: login.access_token, orgId: u.org.id }
}

export function challengeBody(title, mode = 'single') {
  return {
    title, field: 'energy',
    background: '海上风电机组大型化后，主轴承长期依赖进口，交货周期长、价格高。',
    problem: '研制 12 MW 级海上风电主轴承，寿命与可靠性达到国际同类产品水平。',
    kpis: [
      { name: '额定寿命', target: 25, unit: '年', comparison: '>=', method: '台架加速寿命试验' },
      { name: '振动加速度', target: 2.5, unit: 'm/s²', comparison: '<=', method: 'GB/T 6075 测量' },
    ],
    deliverables: '工程样机 2 套、型式试验报告', duration_months: 24,
    budget_fen: 800_000_000, gov_funding_fen: 200_000_000, cofunding_fen: 300_000_000,
    ip_terms: '发榜方与揭榜方共有', eligibility: '具有轴承研制经验的单位', mode, max_racers: mode === 'race' ? 3 : 1,
  }
}

/**
 * A published challenge (deadline 30 days ahead) of a new enterprise, with `bids` submitted bids of as many new
 * team organisations. Answers {id, title, ent, teams: [{email, token, bidId}]}.
 */
export async function publishedChallenge(ctx, seed, { bids = 0, title = '12 MW 海上风电主轴承研制', mode = 'single' } = {}) {
  const bureau = await ctx.bureauToken()
  const { id, ent } = await approvedChallenge(ctx, seed, { title, mode })
  const ch = { id }
  const now = (await ok(await ctx.api('GET', '/test/clock'), 200, 'clock')).now
  const deadline = new Date(new Date(now).getTime() + 30 * 86400_000).toISOString()
  await ok(await ctx.api('POST', `/challenges/${ch.id}/publish`, { bid_deadline: deadline }, bureau), 200, 'publish')
  const teams = []
  for (let i = 0; i < bids; i++) {
    const s = seed + 1 + i
    const tm = await verifiedUser(ctx, 'team', s, `示例理工大学第${i + 1}分校`, 'university')
    const bid = await ok(
      await ctx.api('POST', `/challenges/${ch.id}/bids`, {
        pi: { name: `负责人${i + 1}`, email: `pi${s}@fixture.test` },
        members: [{ name: '周敏', role: '结构设计' }],
        approach: '采用渗碳轴承钢与有限元寿命分析，分阶段完成样机试制与台架试验。',
        plan: [
          { stage: 1, kpi_targets: { 额定寿命: 20, 振动加速度: 3 }, deliverables: '原理样机' },
          { stage: 2, kpi_targets: { 额定寿命: 25, 振动加速度: 2.5 }, deliverables: '工程样机 2 套' },
        ],
        budget: [{ item: '设备费', amount_fen: 100_000_000 + i * 1_000_000 }],
        commitment_signed: true, integrity_pledge_signed: true,
      }, tm.token),
      201, `bid ${i + 1}`,
    )
    await ok(await ctx.api('POST', `/bids/${bid.id}/submit`, undefined, tm.token), 200, `submit bid ${i + 1}`)
    teams.push({ ...tm, bidId: bid.id })
  }
  return { id: ch.id, title, ent, teams }
}

/** An approved challenge (ready to publish) of a new verified enterprise: {id, title, ent}. */
export async function approvedChallenge(ctx, seed, { title = '12 MW 海上风电主轴承研制', mode = 'single' } = {}) {
  const bureau = await ctx.bureauToken()
  const ent = await verifiedUser(ctx, 'enterprise', seed, `示例风电装备有限公司${seed % 1000}`, 'enterprise')
  const ch = await ok(await ctx.api('POST', '/challenges', challengeBody(title, mode), ent.token), 201, 'create challenge')
  await ok(await ctx.api('POST', `/challenges/${ch.id}/submit`, undefined, ent.token), 200, 'submit challenge')
  await ok(await ctx.api('POST', `/challenges/${ch.id}/validate`, { decision: 'approve', opinion: '' }, bureau), 200, 'approve')
  return { id: ch.id, title, ent }
}

/** Logs in through the login page (any viewport) and waits for the workbench. */
export async function loginAs(page, ctx, email, password = FIXTURE_PASSWORD) {
  await page.goto(ctx.base + '/login')
  const f = (name) => page.locator(`input[data-test="${name}"], [data-test="${name}"] input`).first()
  await f('login-email').fill(email)
  await f('login-password').fill(password)
  await page.locator('[data-test="login-submit"]').first().click()
  await page.waitForURL(/\/home$/)
}
