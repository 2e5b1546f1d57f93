// Flow 6: the bureau's audit page runs the verification of the hash chain against the signed checkpoints and
// lists the checkpoints with the public key; the register below names events, hides session noise, filters and
// exports; the administrator reads the register on a page of their own.
import { apiUsers, assert, click, login, sel } from '../lib.mjs'

export default async function flow(ctx) {
  // moving the test clock runs the scheduled jobs: a checkpoint of the chain as it is now
  const adv = await ctx.api('POST', '/test/clock', { advance: '1m' })
  assert.equal(adv.status, 200, JSON.stringify(adv.body))
  const pub = await ctx.api('GET', '/audit/checkpoints')
  assert.equal(pub.status, 200)
  assert.ok(pub.body.items.length >= 1 && pub.body.public_key.algorithm === 'Ed25519', JSON.stringify(pub.body))

  // an organisation registers and the bureau verifies it: entries by a person, with changes, for the register
  const users = apiUsers(ctx, { prefix: `audit-${Date.now()}`, label: '审计', password: 'Audit-e2e-2026', codeBase: 770000 })
  const registered = await users.register('enterprise', 'enterprise', 1, await ctx.bureauToken())

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
  // The register: events named in Chinese, sign-ins hidden until switched on, click a person to filter by them,
  // the filtered view exported to Excel.
  const rows = page.locator(`${sel('register-entries')} .el-table__body-wrapper .el-table__row`)
  await rows.first().waitFor()
  const events = await page.locator(sel('register-entries')).locator('[data-test^="event-"]').allInnerTexts()
  assert.ok(events.length > 0 && !events.includes('登录') && !events.includes('刷新登录令牌'), 'session noise hidden: ' + events)
  assert.ok(events.every((e) => !/^[a-z_]+$/.test(e)), 'every event is named: ' + events)
  await click(page, 'register-session')
  await page.locator(sel('register-entries')).getByText('登录', { exact: true }).first().waitFor()
  await click(page, 'register-session')
  const firstActor = page.locator(sel('register-entries')).locator('[data-test^="actor-"]').first()
  const who = (await firstActor.innerText()).trim()
  await firstActor.click()
  await page.locator(sel('pin-person')).getByText(who).waitFor()
  await page.locator(sel('register-entries')).locator('[data-test^="changes-"]').first().waitFor()
  const actors = await page.locator(sel('register-entries')).locator('[data-test^="actor-"]').allInnerTexts()
  assert.ok(actors.length > 0 && actors.every((a) => a.trim() === who), `filtered by ${who}: ${actors}`)
  // 按人员查找: part of an e-mail typed in the person box offers the account; choosing it pins it.
  await page.locator(`${sel('register-pins')} .el-button`).click()
  await page.locator(sel('pin-person')).waitFor({ state: 'detached' })
  await page.locator(`${sel('register-person')} input`).fill(registered.email.split('@')[0])
  const option = page.locator('.el-select-dropdown__item:visible').filter({ hasText: registered.name })
  await option.first().click()
  await page.locator(sel('pin-person')).getByText(registered.name).waitFor()
  await page.locator(sel('register-entries')).locator('[data-test^="actor-"]').getByText(registered.name).first().waitFor()
  const [dl] = await Promise.all([page.waitForEvent('download'), click(page, 'register-export')])
  assert.equal(dl.suggestedFilename(), 'audit-register.xlsx')
  await ctx.axe(page, 'audit-register')
  await ctx.shot(page, 'audit')

  // The administrator reads the register too (who did what, when; the process's contents stay with the bureau).
  const adm = await ctx.newPage()
  await login(adm, ctx.base, ctx.state.admin.email, ctx.state.admin.password)
  await click(adm, 'nav-admin-audit')
  await adm.waitForURL(/\/admin\/audit$/)
  await adm.locator(`${sel('register-entries')} .el-table__row`).first().waitFor()
  await ctx.shot(adm, 'audit-admin')
  await adm.close()
}
