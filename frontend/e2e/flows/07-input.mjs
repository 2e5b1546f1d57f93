// Flow: what the user typed is what happens, in one language at a time — in Chinese and in English.
//  - register: an empty or half-filled form gets messages in the page's language only (no "password2 is
//    required", no browser tooltips);
//  - publish: a past bidding deadline typed into the dialog is refused beside the field (the server's 422) and
//    stays as typed; the message goes when the date changes;
//  - the challenge editor: an over-limit budget is refused beside the field with the limits in the user's unit
//    (万元 / CNY); the message clears when the amount changes; submitting an incomplete draft marks the missing
//    fields (揭榜条件 among them, marked required) without asking for confirmation first.
import { assert, assertNoEnglishErrors, click, fill, sel } from '../lib.mjs'
import { approvedChallenge, loginAs } from '../fixtures.mjs'

const LANGS = {
  'zh-CN': {
    password2: /请再次输入密码/,
    past: /截止|将来|晚于|未来/,
    range: /应在 0\.00 万元 到 1,000,000\.00 万元 之间/,
    required: /此项为必填项/,
  },
  en: {
    password2: /Enter the password again/,
    past: /future|past|later/i,
    range: /must be between CNY 0 and CNY 10,000,000,000/,
    required: /Required/,
  },
}

const FORM_ITEM = `xpath=ancestor::div[contains(concat(' ', normalize-space(@class), ' '), ' el-form-item ')][1]`

const hasChinese = (s) => /[\u4e00-\u9fff]/.test(s)

async function messages(page) {
  return page.locator('.el-form-item__error:visible, .jb-field-error:visible').allInnerTexts()
}

/** In English no message is Chinese; in Chinese none is English. */
async function oneLanguage(page, lang) {
  if (lang === 'zh-CN') return assertNoEnglishErrors(page)
  const zh = (await messages(page)).filter(hasChinese)
  assert.deepEqual(zh, [], 'Chinese text in an English page: ' + zh.join(' | '))
}

async function useLanguage(page, lang) {
  await click(page, lang === 'en' ? 'lang-en' : 'lang-zh')
}

export default async function flow(ctx) {
  let seed = 700700000
  for (const lang of ['zh-CN', 'en']) {
    const L = LANGS[lang]
    const ch = await approvedChallenge(ctx, (seed += 100), { title: lang === 'en' ? 'Offshore wind main bearing' : '海上风电主轴承研制' })

    // register: submit an empty form, then a form without the repeated password
    const anon = await ctx.newPage({ locale: lang })
    await anon.goto(ctx.base + '/register')
    await useLanguage(anon, lang)
    await click(anon, 'register-submit')
    await anon.locator('.el-form-item__error').first().waitFor()
    await oneLanguage(anon, lang)
    assert.equal(await anon.locator('form[novalidate]').count() > 0, true, 'forms opt out of the browser\'s own (English) validation')
    await fill(anon, 'register-name', 'Test')
    await fill(anon, 'register-email', `x${seed}@example.cn`)
    await fill(anon, 'register-password', 'Abcdefg123')
    await click(anon, 'register-submit')
    const p2 = anon.locator(`${sel('register-password2')}`).locator(FORM_ITEM).locator('.el-form-item__error')
    await p2.waitFor()
    assert.match(await p2.innerText(), L.password2)
    await oneLanguage(anon, lang)
    await ctx.shot(anon, `register-${lang}`)

    // the bureau publishes with a deadline typed in the past
    const bureau = await ctx.newPage({ locale: lang })
    await loginAs(bureau, ctx, ctx.state.bureau.email, ctx.state.bureau.password)
    await useLanguage(bureau, lang)
    await bureau.goto(ctx.base + '/challenges/' + ch.id)
    await click(bureau, 'challenge-publish')
    const input = bureau.locator(`${sel('publish-deadline')} input`)
    await input.waitFor()
    await input.fill('2020-01-02 10:00')
    await input.press('Enter')
    await ctx.axe(bureau, `publish-dialog-${lang}`)
    const [res] = await Promise.all([
      bureau.waitForResponse((r) => r.url().endsWith(`/challenges/${ch.id}/publish`)),
      click(bureau, 'publish-confirm'),
    ])
    assert.equal(res.status(), 422, 'a past deadline reaches the server as typed and is refused')
    // The typed client sends a Request object, whose body Chromium does not always hand to Playwright: then the
    // refusal itself says the typed (past) date was sent, since the default deadline lies in the future.
    const posted = res.request().postData()
    if (posted) assert.match(JSON.parse(posted).bid_deadline, /^2020-01-02T/, 'the typed date was sent, not the default')
    const refusal = await res.json()
    assert.ok(JSON.stringify(refusal.error.details || {}).includes('bid_deadline'), 'the refusal names the deadline: ' + JSON.stringify(refusal))
    const err = bureau.locator(`${sel('publish-dialog')} .el-form-item__error`)
    await err.waitFor()
    assert.match(await err.innerText(), L.past)
    assert.match(await input.inputValue(), /^(2020-01-02 10:00|2020年1月2日 10:00|2 Jan 2020 10:00)/, 'the typed date stays in the field')
    await oneLanguage(bureau, lang)
    await ctx.shot(bureau, `publish-past-${lang}`)
    await input.fill('2099-01-02 10:00')
    await input.press('Enter')
    await err.waitFor({ state: 'detached' })

    // the enterprise: an over-limit budget and an incomplete submission
    const ent = await ctx.newPage({ locale: lang })
    await loginAs(ent, ctx, ch.ent.email)
    await useLanguage(ent, lang)
    await ent.goto(ctx.base + '/challenges/new')
    await fill(ent, 'ch-title', lang === 'en' ? 'Budget test' : '预算测试')
    await fill(ent, 'ch-budget', lang === 'en' ? '20000000000' : '2000000') // 2e12 fen: over the 1e12 limit
    const [saved] = await Promise.all([
      ent.waitForResponse((r) => r.url().endsWith('/api/v1/challenges') && r.request().method() === 'POST'),
      click(ent, 'ch-save'),
    ])
    assert.equal(saved.status(), 422)
    const budgetErr = ent.locator(sel('ch-budget')).locator(FORM_ITEM).locator('.el-form-item__error')
    await budgetErr.waitFor()
    assert.match(await budgetErr.innerText(), L.range)
    await oneLanguage(ent, lang)
    await ctx.shot(ent, `budget-range-${lang}`)
    await fill(ent, 'ch-budget', '800')
    await budgetErr.waitFor({ state: 'detached' }) // the server's message goes when the field changes

    // 揭榜条件 is marked required like the server requires it
    const elig = ent.locator(sel('ch-eligibility')).locator(FORM_ITEM)
    assert.match((await elig.getAttribute('class')) || '', /is-required/)
    // submit validates first: the missing fields are marked, no confirmation is asked, nothing is sent
    let submitted = false
    ent.on('request', (r) => {
      if (/\/submit$/.test(r.url())) submitted = true
    })
    await click(ent, 'ch-submit')
    const eligErr = elig.locator('.el-form-item__error')
    await eligErr.waitFor()
    assert.match(await eligErr.innerText(), L.required)
    assert.equal(await ent.locator('.el-message-box').count(), 0, 'no confirmation for an incomplete form')
    assert.equal(submitted, false)
    await oneLanguage(ent, lang)
    await ctx.axe(ent, `editor-errors-${lang}`)
    await ctx.shot(ent, `editor-missing-${lang}`)
  }
}
