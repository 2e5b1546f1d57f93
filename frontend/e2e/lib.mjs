// Helpers shared by the e2e flows: stable data-test selectors, API calls, test data.
import assert from 'node:assert/strict'

export { assert }

/** CSS selector of an element with data-test=name. */
export const sel = (name) => `[data-test="${name}"]`

/** The input/textarea for a data-test name (on the control itself or inside a wrapper). */
export function field(page, name) {
  const s = sel(name)
  return page
    .locator(`input${s}, textarea${s}, ${s} input:not([type=file]):not([type=radio]):not([type=checkbox]), ${s} textarea`)
    .first()
}

/** Fills a text field and leaves it (so number inputs commit their value). */
export async function fill(page, name, value) {
  const f = field(page, name)
  await f.fill(String(value))
  await f.blur()
}

export async function click(page, name) {
  await page.locator(sel(name)).first().click()
}

/** Chooses an option of an el-select: opens it, then clicks the option with data-test=optionName. A dropdown
 *  that closed again before the click (seen at phone width on a loaded machine: the option resolved, then was
 *  hidden) is opened once more, up to three times. */
export async function choose(page, selectName, optionName) {
  for (let attempt = 1; ; attempt++) {
    await page.locator(sel(selectName)).first().click()
    try {
      const option = page.locator(`${sel(optionName)}:visible`).first()
      // An option below the dropdown's fold is scrolled into its list first (a phone shows about eight).
      await option.evaluate((el) => el.scrollIntoView({ block: 'nearest' }), undefined, { timeout: 5_000 })
      await option.click({ timeout: attempt < 3 ? 5_000 : 15_000 })
      return
    } catch (e) {
      if (attempt >= 3) throw e
    }
  }
}

/** Clicks the primary button of the open ElMessageBox confirm. */
export async function confirmBox(page) {
  await page.locator('.el-message-box__btns .el-button--primary').click()
}

/** Clicks and waits for the API response whose URL path ends with pathEnd (and method). */
export async function clickAndWait(page, name, pathEnd, method = 'POST') {
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === method && new URL(r.url()).pathname.endsWith(pathEnd)),
    click(page, name),
  ])
  return res
}

export function waitApi(page, pathRe, method = 'POST') {
  return page.waitForResponse((r) => r.request().method() === method && pathRe.test(new URL(r.url()).pathname))
}

/** Logs in through the login page and waits for the workbench. */
export async function login(page, base, email, password) {
  await page.goto(base + '/login')
  await fill(page, 'login-email', email)
  await fill(page, 'login-password', password)
  await click(page, 'login-submit')
  await page.waitForURL(/\/home$/)
  await page.locator(sel('home-welcome')).waitFor()
}

/** A JSON API call from Node (for setup the UI has already covered, and the test clock). */
export async function api(base, method, path, body, token) {
  const headers = { Accept: 'application/json', 'Accept-Language': 'zh-CN' }
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  if (token) headers.Authorization = 'Bearer ' + token
  const res = await fetch(base + '/api/v1' + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
  const text = await res.text()
  let json
  try {
    json = text ? JSON.parse(text) : undefined
  } catch {
    json = text
  }
  return { status: res.status, body: json }
}

const CS = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

/** A valid unified social credit code (GB 32100-2015) derived from a seed number. */
export function creditCode(seed) {
  const body = ('91' + '320500' + String(seed).padStart(9, '0')).slice(0, 17)
  let sum = 0
  for (let i = 0; i < 17; i++) sum += CS.indexOf(body[i]) * W[i]
  return body + CS[(31 - (sum % 31)) % 31]
}

/** The same code with a wrong check character. */
export function badCreditCode(seed) {
  const good = creditCode(seed)
  const wrong = CS[(CS.indexOf(good[17]) + 1) % 31]
  return good.slice(0, 17) + wrong
}

/** A tiny valid one-page PDF. */
export function tinyPdf() {
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R /Resources << >> >>',
  ]
  const stream = 'BT /F1 12 Tf 20 100 Td (Jiebang e2e) Tj ET'
  objs.push(`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`)
  let out = '%PDF-1.4\n'
  const offsets = []
  objs.forEach((o, i) => {
    offsets.push(out.length)
    out += `${i + 1} 0 obj\n${o}\nendobj\n`
  })
  const xref = out.length
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n`
  for (const off of offsets) out += String(off).padStart(10, '0') + ' 00000 n \n'
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`
  return Buffer.from(out, 'latin1')
}

/** The phone viewport the responsive flows use (an ordinary 6.1" phone). */
export const PHONE = { width: 390, height: 844 }

/**
 * Fails when the page scrolls sideways: the document's scroll width (document.documentElement.scrollWidth) is
 * wider than the viewport the browser context fixed (390 px on a phone), or a visible element's right edge lies
 * beyond it. window.innerWidth is not the measure: in mobile emulation the layout viewport grows with a page
 * that is too wide, so a page 445 px wide would compare with an innerWidth of 445 and pass. Elements inside a box
 * that scrolls or clips sideways (a table scrolling inside its panel) are judged by that box, not by their own
 * width. Answers the document's scroll width.
 */
export async function assertFits(page, label = '') {
  const vw = page.viewportSize()?.width
  assert.ok(vw, 'the page has a fixed viewport')
  const r = await page.evaluate((vw) => {
    const doc = document.documentElement.scrollWidth
    const out = []
    const clips = (el) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const ox = getComputedStyle(p).overflowX
        if (ox === 'auto' || ox === 'scroll' || ox === 'hidden' || ox === 'clip') return true
      }
      return false
    }
    for (const el of document.body.querySelectorAll('*')) {
      const b = el.getBoundingClientRect()
      if (b.width === 0 || b.height === 0 || b.right <= vw + 1) continue
      const st = getComputedStyle(el)
      if (st.visibility === 'hidden' || st.position === 'fixed' || clips(el)) continue
      out.push(`${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : ''}${el.dataset?.test ? `[${el.dataset.test}]` : ''} right=${Math.round(b.right)}`)
      if (out.length >= 8) break
    }
    return { doc, out }
  }, vw)
  const msg = `${label || page.url()}: viewport ${vw}px, document scrolls ${r.doc}px wide; past the edge: ${r.out.join(', ') || 'none'}`
  assert.ok(r.doc <= vw && r.out.length === 0, msg)
  return r.doc
}

/**
 * Fails when a Chinese page shows a validation or error message with English words in it (Latin letters other
 * than units and codes inside a message that has no Chinese).
 */
export async function assertNoEnglishErrors(page) {
  const texts = await page
    .locator('.el-form-item__error:visible, .jb-field-error:visible, .el-message:visible, .el-alert__title:visible')
    .allInnerTexts()
  const english = texts.filter((s) => /[A-Za-z]{3,}/.test(s.replace(/CNY|SHA-256|PDF|KPI|[A-Z0-9]{6,}/g, '')))
  assert.deepEqual(english, [], 'English text in a Chinese page: ' + english.join(' | '))
}

/** Calls the API and asserts the status; returns the body. */
export async function must(ctx, method, path, body, token, status = 200) {
  const r = await ctx.api(method, path, body, token)
  assert.equal(r.status, status, `${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`)
  return r.body
}

/**
 * Moves the test clock to one minute past an instant the server computed (a notice's ends_at, a deadline), never
 * a fixed wait: a notice of 5 working days runs two weeks over the Spring Festival. Returns the new now.
 */
export async function advancePast(ctx, instant) {
  const now = Date.parse((await must(ctx, 'GET', '/test/clock')).now)
  const ms = Math.max(0, Date.parse(instant) + 60_000 - now)
  return (await must(ctx, 'POST', '/test/clock', { advance: `${Math.ceil(ms / 1000)}s` })).now
}

/**
 * A flow's set of API users: register(role, orgType, n, bureauToken) makes the n-th user of a role with its own
 * verified organisation (e-mail `${prefix}-${role}-${n}@e2e.test`, credit codes from codeBase) and logs it in;
 * relogin(users) renews their tokens after the test clock moved.
 */
export function apiUsers(ctx, { prefix, label, password, codeBase }) {
  const login = async (email) => (await must(ctx, 'POST', '/auth/login', { email, password })).access_token
  return {
    async register(role, orgType, n, bureau) {
      const email = `${prefix}-${role}-${n}@e2e.test`
      const u = await must(ctx, 'POST', '/auth/register', {
        email, password, name: `${label}${role}${n}`, role,
        org: { name: `${label}测试单位${role}${n}`, type: orgType, credit_code: creditCode(codeBase + n + { enterprise: 0, team: 10, expert: 100 }[role]) },
      }, undefined, 201)
      const v = await ctx.api('POST', `/orgs/${u.org.id}/verify`, {}, bureau)
      assert.ok(v.status === 200 || v.body?.error?.code === 'already_verified', JSON.stringify(v.body))
      return { ...u, email, token: await login(email) }
    },
    async relogin(users) {
      for (const u of users) u.token = await login(u.email)
    },
  }
}

/**
 * Signs a racer's current task book version by every party in turn through the API (the start-up tranche is held
 * until it is signed): for each step, the first of the candidates ({token, password}; the bureau is added) whose
 * GET /racers/{id}/taskbook says may_sign signs the next slot. Answers the completed task book.
 */
export async function signTaskbook(ctx, racer, candidates) {
  const all = [...candidates, { token: await ctx.bureauToken(), password: ctx.state.bureau.password }]
  for (let step = 0; step <= 20; step++) {
    let signer, cur
    for (const c of all) {
      const r = await ctx.api('GET', `/racers/${racer}/taskbook`, undefined, c.token)
      if (r.status !== 200) continue
      cur = r.body
      if (r.body.complete) return r.body
      if (r.body.may_sign) {
        signer = c
        break
      }
    }
    assert.ok(signer, `task book of racer ${racer}: no candidate may sign the next slot ${JSON.stringify(cur?.next)}`)
    await must(ctx, 'POST', `/racers/${racer}/taskbook/sign`, { version: cur.version, digest: cur.digest, password: signer.password }, signer.token)
  }
  assert.fail(`task book of racer ${racer} not complete after 20 signatures`)
}
