// Flow 11: two-factor sign-in. A team user turns it on under 安全设置 (QR code and key, the first code of the
// authenticator app, ten recovery codes shown once and downloaded), then logs in with the app's code and with a
// recovery code; the platform's administrator resets it (重置双因素), after which the password alone logs in.
// The test plays the authenticator app: it computes the RFC 6238 codes from the key shown on the page.
import { createHmac } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { assert, click, clickAndWait, confirmBox, fill, sel } from '../lib.mjs'
import { FIXTURE_PASSWORD, loginAs, verifiedUser } from '../fixtures.mjs'

/** The bytes of an RFC 4648 base32 string (the otpauth key). */
function base32(s) {
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
  let bits = 0
  let value = 0
  const out = []
  for (const ch of s.replace(/[\s=]/g, '').toUpperCase()) {
    const i = abc.indexOf(ch)
    if (i < 0) throw new Error(`not base32: ${ch}`)
    value = (value << 5) | i
    bits += 5
    if (bits >= 8) {
      bits -= 8
      out.push((value >>> bits) & 0xff)
    }
  }
  return Buffer.from(out)
}

/** The authenticator app's code (RFC 6238: HMAC-SHA-1, 30-second steps, 6 digits) of key at unix seconds t. */
function totp(key, t) {
  const msg = Buffer.alloc(8)
  msg.writeBigUInt64BE(BigInt(Math.floor(t / 30)))
  const h = createHmac('sha1', base32(key)).update(msg).digest()
  const o = h[h.length - 1] & 0xf
  const n = ((h[o] & 0x7f) << 24) | (h[o + 1] << 16) | (h[o + 2] << 8) | h[o + 3]
  return String(n % 1_000_000).padStart(6, '0')
}

/** The code of key at the server's (test) clock. */
async function codeNow(ctx, key) {
  const c = await ctx.api('GET', '/test/clock')
  return totp(key, Date.parse(c.body.now) / 1000)
}

/** Moves the server's clock into the next time step (a code is never accepted twice). */
async function nextStep(ctx) {
  const r = await ctx.api('POST', '/test/clock', { advance: '30s' })
  assert.equal(r.status, 200, JSON.stringify(r.body))
}

async function logout(page) {
  await click(page, 'user-menu')
  await page.locator(`${sel('logout')}:visible`).click()
  await page.waitForURL(/\/login/)
}

/** The password step of the login page, answered with the code step. */
async function passwordStep(page, ctx, email) {
  await page.goto(ctx.base + '/login')
  await fill(page, 'login-email', email)
  await fill(page, 'login-password', FIXTURE_PASSWORD)
  const [r] = await Promise.all([
    page.waitForResponse((x) => new URL(x.url()).pathname.endsWith('/auth/login')),
    click(page, 'login-submit'),
  ])
  const body = await r.json()
  assert.equal(body.mfa_required, true, JSON.stringify(body))
  assert.equal(body.access_token, undefined, 'the password step gives no tokens')
  await page.locator(sel('login-mfa-form')).waitFor()
}

export default async function flow(ctx) {
  // Known as the test clock is: this vector of RFC 6238 (appendix B, SHA-1, 8 digits 94287082) ends in 287082.
  assert.equal(totp('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', 59), '287082')
  const u = await verifiedUser(ctx, 'team', 911001, '双因素测试大学', 'university')
  const me = await ctx.api('GET', '/me', undefined, u.token)

  // Enrolment on the security page, reached from the user menu.
  const page = await ctx.newPage()
  await loginAs(page, ctx, u.email)
  await click(page, 'user-menu')
  await page.locator(`${sel('nav-security')}:visible`).click()
  await page.waitForURL(/\/me\/security$/)
  await page.locator(sel('mfa-status')).getByText('未启用').waitFor()
  await click(page, 'mfa-start')
  const qr = page.locator(sel('mfa-qr'))
  await qr.waitFor()
  assert.ok(await qr.evaluate((img) => img.complete && img.naturalWidth > 100), 'the QR code is shown')
  const key = (await page.locator(sel('mfa-secret')).innerText()).replace(/\s/g, '')
  assert.match(key, /^[A-Z2-7]{32}$/)
  await ctx.axe(page, 'enrol')

  // A wrong code is refused on the page; the app's code turns it on.
  const right = await codeNow(ctx, key)
  await fill(page, 'mfa-confirm-code', right === '000000' ? '000001' : '000000')
  const bad = await clickAndWait(page, 'mfa-confirm', '/me/mfa/totp/confirm')
  assert.equal(bad.status(), 422)
  await page.locator(sel('mfa-enrol-error')).getByText('验证码错误').waitFor()
  await fill(page, 'mfa-confirm-code', await codeNow(ctx, key))
  const ok = await clickAndWait(page, 'mfa-confirm', '/me/mfa/totp/confirm')
  assert.equal(ok.status(), 200, await ok.text())
  const box = page.locator(sel('mfa-recovery-codes'))
  await box.waitFor()
  const codes = (await box.locator('li code').allInnerTexts()).map((c) => c.trim())
  assert.equal(codes.length, 10)
  assert.equal(new Set(codes).size, 10)
  for (const c of codes) assert.match(c, /^[2-9A-HJ-NP-Z]{5}-[2-9A-HJ-NP-Z]{5}$/)
  const [download] = await Promise.all([page.waitForEvent('download'), click(page, 'mfa-codes-download')])
  const saved = readFileSync(await download.path(), 'utf8')
  for (const c of codes) assert.ok(saved.includes(c), `the downloaded file has ${c}`)
  await ctx.shot(page, 'recovery-codes')
  await click(page, 'mfa-codes-done')
  await page.locator(sel('mfa-status')).getByText('已启用').waitFor()
  await page.locator(sel('mfa-status')).getByText('剩余 10 个恢复码').waitFor()

  // Login: the password, then the app's code of a new time step.
  await logout(page)
  await nextStep(ctx)
  await passwordStep(page, ctx, u.email)
  await ctx.axe(page, 'code-step')
  await fill(page, 'login-code', await codeNow(ctx, key))
  await click(page, 'login-code-submit')
  await page.waitForURL(/\/home$/)

  // Login with a recovery code instead (it is then used up).
  await logout(page)
  await passwordStep(page, ctx, u.email)
  await click(page, 'login-use-recovery')
  await fill(page, 'login-code', codes[0])
  await click(page, 'login-code-submit')
  await page.waitForURL(/\/home$/)
  await page.goto(ctx.base + '/me/security')
  await page.locator(sel('mfa-status')).getByText('剩余 9 个恢复码').waitFor()
  await logout(page)
  await passwordStep(page, ctx, u.email)
  await click(page, 'login-use-recovery')
  await fill(page, 'login-code', codes[0])
  await click(page, 'login-code-submit')
  await page.locator(sel('login-error')).getByText('验证码错误或已使用过').waitFor()

  // The administrator resets it (the user lost the phone); the password alone logs in again.
  const admin = await ctx.newPage()
  await loginAs(admin, ctx, ctx.state.admin.email, ctx.state.admin.password)
  await admin.goto(ctx.base + '/admin/users')
  await fill(admin, 'users-search', u.email)
  await admin.keyboard.press('Enter')
  await admin.locator(sel('user-mfa-' + me.body.id)).getByText('已启用').waitFor()
  await click(admin, 'user-reset-mfa-' + me.body.id)
  const [reset] = await Promise.all([
    admin.waitForResponse((x) => new URL(x.url()).pathname.endsWith(`/users/${me.body.id}/mfa/reset`)),
    confirmBox(admin),
  ])
  assert.equal(reset.status(), 200, await reset.text())
  await admin.locator(sel('user-mfa-' + me.body.id)).getByText('未启用').waitFor()
  await ctx.shot(admin, 'reset')
  await loginAs(page, ctx, u.email)
}
