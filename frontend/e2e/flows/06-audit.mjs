// Flow 6: the bureau's audit page runs the verification of the hash chain against the signed checkpoints and
// lists the checkpoints with the public key.
import { assert, click, login, sel } from '../lib.mjs'

export default async function flow(ctx) {
  // moving the test clock runs the scheduled jobs: a checkpoint of the chain as it is now
  const adv = await ctx.api('POST', '/test/clock', { advance: '1m' })
  assert.equal(adv.status, 200, JSON.stringify(adv.body))
  const pub = await ctx.api('GET', '/audit/checkpoints')
  assert.equal(pub.status, 200)
  assert.ok(pub.body.items.length >= 1 && pub.body.public_key.algorithm === 'Ed25519', JSON.stringify(pub.body))

  const page = await ctx.newPage()
  await login(page, ctx.base, ctx.state.bureau.email, ctx.state.bureau.password)
  await click(page, 'nav-audit')
  await page.waitForURL(/\/bureau\/audit$/)
  await page.locator(`${sel('audit-checkpoints')} .el-table__row`).first().waitFor()
  await page.locator(sel('audit-public-key')).getByText(pub.body.public_key.key_id).waitFor()
  await click(page, 'audit-verify')
  const ok = page.locator(sel('audit-verify-ok'))
  await ok.waitFor()
  assert.match(await ok.innerText(), /校验通过：共 \d+ 条记录，与 \d+ 个已签署锚点一致/)
  await page.locator(`${sel('audit-entries')} .el-table__row`).first().waitFor()
  await ctx.shot(page, 'audit')
}
