// Flow: questions and answers (答疑) and an amendment that moves the deadline. A team holding a bid asks on the
// challenge page and follows it; the owner enterprise answers on a phone; the bureau publishes the answer, which
// everyone sees as 答疑1 without the asker; the clock moves to three days before the deadline and the bureau
// publishes an amendment (its dialog previews whether it moves the deadline), and the page shows it moved; the team confirms
// it has read it (phone) and the bureau sees the confirmation.
import { advancePast, assert, click, fill, login, must, sel, waitApi } from '../lib.mjs'
import { FIXTURE_PASSWORD, publishedChallenge } from '../fixtures.mjs'

const QUESTION = '样机验证是否可以在揭榜方自有的试验台上完成？'
const ANSWER = '可以，但须由第三方检测机构现场见证并出具报告。'
const AMENDMENT = '补充：样机验证可在揭榜方试验台完成，须第三方检测机构现场见证（见答疑1）。'
const ASKER_ORG = '示例理工大学第1分校'

export default async function flow(ctx) {
  const ch = await publishedChallenge(ctx, 613000000, { bids: 1, title: '大功率风电主轴承国产化' })
  const asker = ch.teams[0]
  const qaPath = new RegExp(`/challenges/${ch.id}/questions$`)

  // the team asks (desktop) and follows the challenge
  const team = await ctx.newPage()
  await login(team, ctx.base, asker.email, FIXTURE_PASSWORD)
  await team.goto(`${ctx.base}/challenges/${ch.id}`)
  await team.locator(sel('qa-window')).waitFor()
  await fill(team, 'qa-ask-text', QUESTION)
  const [asked] = await Promise.all([waitApi(team, qaPath), click(team, 'qa-ask')])
  assert.equal(asked.status(), 201, await asked.text())
  await team.locator(sel('qa-mine')).getByText(QUESTION).waitFor()
  const [followed] = await Promise.all([waitApi(team, new RegExp(`/challenges/${ch.id}/follow$`)), click(team, 'qa-follow')])
  assert.equal(followed.status(), 200, await followed.text())
  await ctx.shot(team, 'asked')

  // the owner answers on a phone; it sees the question, not who asked
  const owner = await ctx.newPage({ phone: true })
  await login(owner, ctx.base, ch.ent.email, FIXTURE_PASSWORD)
  await owner.goto(`${ctx.base}/challenges/${ch.id}?tab=qa`)
  await owner.locator(sel('qa-queue')).getByText(QUESTION).waitFor()
  await owner.locator(sel('qa-follower-count')).waitFor()
  assert.ok(!(await owner.locator(sel('qa-panel')).innerText()).includes(ASKER_ORG), 'the owner sees who asked')
  await fill(owner, 'qa-answer-text', ANSWER)
  const [answered] = await Promise.all([waitApi(owner, /\/questions\/\d+\/answer$/), click(owner, 'qa-answer')])
  assert.equal(answered.status(), 200, await answered.text())
  await ctx.fits(owner, 'owner-answer')
  await ctx.shot(owner, 'answered')

  // the bureau publishes it: 答疑1
  const bur = await ctx.newPage()
  await login(bur, ctx.base, ctx.state.bureau.email, ctx.state.bureau.password)
  await bur.goto(`${ctx.base}/challenges/${ch.id}`)
  await bur.locator(sel('qa-queue')).getByText(QUESTION).waitFor()
  const [published] = await Promise.all([waitApi(bur, /\/questions\/\d+\/publish$/), click(bur, 'qa-publish')])
  assert.equal(published.status(), 200, await published.text())
  assert.equal((await published.json()).label, '答疑1')
  await bur.locator(sel('qa-published')).getByText('答疑1').waitFor()

  // anyone, on a phone: 答疑1 with its answer, never the asker
  const visitor = await ctx.newPage({ phone: true })
  await visitor.goto(`${ctx.base}/challenges/${ch.id}`)
  const pub = visitor.locator(sel('qa-published'))
  await pub.getByText(ANSWER).waitFor()
  assert.match(await pub.innerText(), /答疑1/)
  const page = await visitor.locator('body').innerText()
  assert.ok(!page.includes(ASKER_ORG) && !page.includes(asker.email), 'the public page names the asker')
  await ctx.fits(visitor, 'public-qa')
  await ctx.shot(visitor, 'public-qa')

  // three days before the deadline the bureau publishes an amendment: the dialog says it moves the deadline
  const before = (await must(ctx, 'GET', `/challenges/${ch.id}`)).bid_deadline
  await advancePast(ctx, new Date(Date.parse(before) - 3 * 86400_000).toISOString())
  await login(bur, ctx.base, ctx.state.bureau.email, ctx.state.bureau.password)
  await bur.goto(`${ctx.base}/challenges/${ch.id}`)
  await click(bur, 'challenge-amend')
  // the dialog's preview reckons on the browser's clock (the real one, not the server's test clock): it is
  // there; the server's answer below is what moved the deadline
  await bur.locator(sel('amend-preview')).waitFor()
  await fill(bur, 'amend-content', AMENDMENT)
  const [am] = await Promise.all([waitApi(bur, new RegExp(`/challenges/${ch.id}/amendments$`)), click(bur, 'amend-confirm')])
  assert.equal(am.status(), 201, await am.text())
  const amendment = await am.json()
  assert.equal(amendment.number, 1)
  assert.ok(amendment.deadline_to && Date.parse(amendment.deadline_to) > Date.parse(before), 'the deadline moved later')
  await bur.locator(sel('challenge-amendment-moved')).waitFor()
  assert.equal((await must(ctx, 'GET', `/challenges/${ch.id}`)).bid_deadline, amendment.deadline_to)
  await ctx.shot(bur, 'amendment-moved')

  // the team confirms it has read the amendment, on a phone
  const tphone = await ctx.newPage({ phone: true })
  await login(tphone, ctx.base, asker.email, FIXTURE_PASSWORD)
  await tphone.goto(`${ctx.base}/challenges/${ch.id}`)
  await tphone.locator(sel('qa-confirm-banner')).waitFor()
  await ctx.fits(tphone, 'team-confirm')
  const [cf] = await Promise.all([waitApi(tphone, /\/amendments\/\d+\/confirm$/), click(tphone, 'qa-confirm-1')])
  assert.equal(cf.status(), 200, await cf.text())
  await tphone.locator(sel('qa-confirm-banner')).waitFor({ state: 'detached' })
  await ctx.shot(tphone, 'confirmed')

  // the bureau sees who confirmed
  await click(bur, 'amendment-confirmations-1')
  await bur.locator(sel('confirmation-row')).getByText(ASKER_ORG).waitFor()
  await ctx.shot(bur, 'confirmations')
  ctx.log('questions, answer 答疑1, amendment moving the deadline, confirmation')
}
