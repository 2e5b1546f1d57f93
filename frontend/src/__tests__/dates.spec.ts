import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createMemoryHistory, createRouter } from 'vue-router'
import { defineComponent } from 'vue'
import Countdown from '@/components/Countdown.vue'
import NoticeView from '@/views/race/NoticeView.vue'
import NoticesView from '@/views/race/NoticesView.vue'
import TaskBookView from '@/views/race/TaskBookView.vue'
import BureauHome from '@/views/home/BureauHome.vue'
import SelectionView from '@/views/race/SelectionView.vue'
import { setLocale } from '@/i18n'
import { DATE_FORMAT, WALL_TIME_FORMAT, pickerFormat, wallTimeToRFC3339 } from '@/utils/time'
import { plugins } from './helpers'

// Pages that show dates, with the browser in New York and a fixed "now": what they show is China time and never
// depends on the real clock.
const ORIGINAL_TZ = process.env.TZ
beforeEach(() => {
  process.env.TZ = 'America/New_York'
})
afterEach(() => {
  process.env.TZ = ORIGINAL_TZ
  vi.useRealTimers()
  vi.unstubAllGlobals()
  setLocale('zh-CN')
})

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

/** Stubs fetch with answers by path (query ignored); an unknown path is 404. Returns the requested URLs. */
function serve(routes: Record<string, unknown>): string[] {
  const seen: string[] = []
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string | Request) => {
      // the typed client sends a Request with an absolute URL, request() a path: record both as path + query
      const u = new URL(typeof input === 'string' ? input : input.url, 'http://x')
      seen.push(u.pathname + u.search)
      const path = u.pathname
      if (path in routes) return json(200, routes[path])
      return json(404, { error: { code: 'not_found', message: 'not found' } })
    }),
  )
  return seen
}

function router() {
  const stub = defineComponent({ template: '<div />' })
  return createRouter({ history: createMemoryHistory(), routes: [{ path: '/login', name: 'login', component: stub }, { path: '/:p(.*)*', component: stub }] })
}

const NOTICE = {
  id: 7, challenge_id: 3, challenge_title: '精密减速器', seq: 1, notice_days: 5, status: 'open', running: true,
  objections_count: 0, open_objections: 0, selected: [{ bid_id: 1, org_id: 1, org_name: '甲大学', pi: '张三', partners: [] }],
  // 2026-12-07 01:00 China → 2026-12-12 00:00 China (24:00 of the 11th)
  starts_at: '2026-12-06T17:00:00Z', ends_at: '2026-12-11T16:00:00Z',
}

describe('Countdown', () => {
  it('counts days left in China calendar days', async () => {
    // 20:00 on 7 Dec in China (07:00 in New York)
    vi.useFakeTimers({ now: new Date('2026-12-07T12:00:00Z'), toFake: ['Date', 'setInterval', 'clearInterval'] })
    // tomorrow 09:00 China: 13 hours away, and 1 day left, not "closes today"
    const w = mount(Countdown, { props: { deadline: '2026-12-08T01:00:00Z' }, global: { plugins: plugins() } })
    expect(w.find('[data-test="countdown"] strong').text()).toBe('0 天 13 小时 0 分 0 秒')
    expect(w.find('[data-test="countdown-days"]').text()).toBe('剩余 1 天')
    // 24:00 tonight: closes today
    await w.setProps({ deadline: '2026-12-07T16:00:00Z' })
    expect(w.find('[data-test="countdown-days"]').text()).toBe('今日截止')
    // it stays live
    vi.advanceTimersByTime(2000)
    await flushPromises()
    expect(w.find('[data-test="countdown"] strong').text()).toBe('0 天 3 小时 59 分 58 秒')
    w.unmount()
  })
})

describe('notice pages', () => {
  it('writes the period as a notice does, computed from the instants when the API has no dates', async () => {
    serve({ '/api/v1/notices/7': NOTICE })
    const r = router()
    const w = mount(NoticeView, { props: { id: 7 }, global: { plugins: [...plugins(), r] } })
    await flushPromises()
    expect(w.find('[data-test="notice-period"]').text()).toBe('2026年12月7日至2026年12月11日，5个工作日')
    expect(w.find('[data-test="provisional"]').exists()).toBe(false)
    expect(w.text()).not.toMatch(/12月12日|T\d\d:|Z\b/)
  })

  it('uses the API dates and marks a provisional period, in English too', async () => {
    serve({
      '/api/v1/notices/7': { ...NOTICE, starts_at: '2026-12-29T01:00:00Z', ends_at: '2027-01-07T16:00:00Z', starts_on: '2026-12-29', ends_on: '2027-01-07', working_days: 5, provisional: true },
    })
    const p = plugins() // sets zh-CN
    setLocale('en')
    const w = mount(NoticeView, { props: { id: 7 }, global: { plugins: [...p, router()] } })
    await flushPromises()
    expect(w.find('[data-test="notice-period"]').text()).toBe('29 Dec 2026 – 7 Jan 2027, 5 working days')
    expect(w.find('[data-test="provisional"]').text()).toBe('provisional')
  })

  it('lists notices with their inclusive periods', async () => {
    serve({ '/api/v1/notices': { items: [{ ...NOTICE, provisional: true }], total: 1, page: 1, page_size: 50 } })
    const r = router()
    await r.push('/notices')
    const w = mount(NoticesView, { global: { plugins: [...plugins(), r] } })
    await flushPromises()
    expect(w.find('[data-test="notice-period-7"]').text()).toBe('公示期：2026年12月7日至2026年12月11日，5个工作日')
    expect(w.find('[data-test="provisional"]').text()).toBe('暂定')
  })
})

describe('task book', () => {
  it('shows a stage due at 24:00 on its own day, or the API due_on', async () => {
    const stage = { name: '样机', kpi_targets: {}, deliverables: '样机' }
    const taskBook = {
      challenge_title: '精密减速器', lead_org: '甲大学', pi: '张三', pi_email: 'z@x.cn', partners: [], approach: '',
      kpis: [], budget: [], budget_fen: 0, started_at: '2026-12-15T02:00:00Z',
      terms: { duration_months: 12, gov_funding_fen: 0, cofunding_fen: 0, ip_terms: '', deliverables: '', mode: 'race' },
      stages: [
        // 2027-04-01 00:00 China: due on 31 March (the page used to show 1 April)
        { ...stage, stage: 1, due_at: '2027-03-31T16:00:00Z' },
        { ...stage, stage: 2, due_at: '2028-03-01T16:00:00Z', due_on: '2028-02-29' },
      ],
    }
    serve({
      '/api/v1/racers/5': { id: 5, challenge_id: 3, detail: true, events: [], task_book: taskBook },
      '/api/v1/racers/5/taskbook': {
        racer_id: 5, version: 1, digest: 'ab12', task_book: taskBook, content: { payment_plan: [], end_on: '2027-12-14' },
        slots: [], signatures: [], complete: false, may_sign: false, mfa: false,
      },
    })
    const w = mount(TaskBookView, { props: { id: 5 }, global: { plugins: [...plugins(), router()] } })
    await flushPromises()
    const text = w.text()
    expect(text).toContain('2026年12月15日')
    expect(text).toContain('2027年3月31日')
    expect(text).not.toContain('2027年4月1日')
    expect(text).toContain('2028年2月29日')
  })
})

const EMPTY_PAGE = { items: [], total: 0, page: 1, page_size: 1 }
const STATUS = {
  today: '2026-11-02', year: 2026, next_year: 2027, next_year_entered: false, next_year_provisional: true,
  warn_missing_next_year: true, provisional_years: [2027],
}

describe('bureau home', () => {
  it('warns that next year’s calendar is missing, with a way to enter it', async () => {
    serve({ '/api/v1/challenges': EMPTY_PAGE, '/api/v1/orgs': EMPTY_PAGE, '/api/v1/calendar/status': STATUS })
    const w = mount(BureauHome, { global: { plugins: [...plugins(), router()] } })
    await flushPromises()
    const alert = w.find('[data-test="calendar-next-missing"]')
    expect(alert.text()).toContain('2027年工作日历尚未录入：跨年的公示期按法定节假日暂定推算。请在平台设置中录入国务院办公厅公布的放假安排。')
    expect(alert.find('a').attributes('href')).toBe('/calendar?year=2027')
  })

  it('says nothing when there is no warning or no such endpoint (404)', async () => {
    serve({ '/api/v1/challenges': EMPTY_PAGE, '/api/v1/orgs': EMPTY_PAGE, '/api/v1/calendar/status': { ...STATUS, warn_missing_next_year: false } })
    const a = mount(BureauHome, { global: { plugins: [...plugins(), router()] } })
    await flushPromises()
    expect(a.find('[data-test="calendar-next-missing"]').exists()).toBe(false)
    expect(a.find('[data-test="stat-submitted"]').exists()).toBe(true)

    serve({ '/api/v1/challenges': EMPTY_PAGE, '/api/v1/orgs': EMPTY_PAGE })
    const b = mount(BureauHome, { global: { plugins: [...plugins(), router()] } })
    await flushPromises()
    expect(b.find('[data-test="calendar-next-missing"]').exists()).toBe(false)
  })
})

describe('selection page', () => {
  const base = {
    '/api/v1/challenges/3': { id: 3, title: '精密减速器', status: 'reviewing', kpis: [], stages: [] },
    '/api/v1/challenges/3/selection': { review_closed: true, mode: 'race', min: 1, max: 3, ranking: [] },
    '/api/v1/challenges/3/bids': { items: [] },
  }

  it('checks the calendar of the server’s year, not the browser’s', async () => {
    // the browser's clock says 2030; the server says 2026
    vi.useFakeTimers({ now: new Date('2030-06-01T00:00:00Z'), toFake: ['Date'] })
    const seen = serve({
      ...base,
      '/api/v1/calendar/status': STATUS,
      '/api/v1/calendar': { year: 2026, holidays: [], makeup_workdays: [], entered: true },
    })
    const w = mount(SelectionView, { props: { id: 3 }, global: { plugins: [...plugins(), router()] } })
    await flushPromises()
    const missing = w.findAll('[data-test="calendar-missing"]')
    expect(missing).toHaveLength(1)
    expect(missing[0].text()).toContain('2027 年尚未录入工作日历')
    expect(seen.some((u) => u.includes('2030') || u.includes('2031'))).toBe(false)
  })

  it('falls back to the server’s current year from GET /calendar when there is no status endpoint', async () => {
    vi.useFakeTimers({ now: new Date('2030-06-01T00:00:00Z'), toFake: ['Date'] })
    const seen = serve({ ...base, '/api/v1/calendar': { year: 2026, holidays: [], makeup_workdays: [], entered: false } })
    const w = mount(SelectionView, { props: { id: 3 }, global: { plugins: [...plugins(), router()] } })
    await flushPromises()
    expect(seen.filter((u) => u.includes('/calendar'))).toEqual(['/api/v1/calendar/status', '/api/v1/calendar', '/api/v1/calendar?year=2027'])
    // the stub answers 2026 for both: the page asked for the server's year and the one after it
    expect(w.findAll('[data-test="calendar-missing"]')).toHaveLength(2)
  })
})

describe('date pickers', () => {
  const Picker = defineComponent({
    props: { type: { type: String, default: 'datetime' } },
    data: () => ({ value: '' as string | null }),
    methods: { pickerFormat, sent() { return this.type === 'date' ? this.value : wallTimeToRFC3339(this.value) } },
    template: `<el-date-picker v-model="value" :type="type" :format="pickerFormat(type)" :value-format="type === 'date' ? DATE_FORMAT : WALL_TIME_FORMAT" />`,
    setup: () => ({ DATE_FORMAT, WALL_TIME_FORMAT }),
  })

  async function type(w: ReturnType<typeof mount>, text: string) {
    const input = w.find('input')
    await input.setValue(text)
    await input.trigger('change')
    await flushPromises()
  }

  it('shows the Chinese form, accepts a typed ISO-like value and sends China time', async () => {
    const w = mount(Picker, { global: { plugins: plugins() } })
    await type(w, '2026-12-11 17:00')
    const vm = w.vm as unknown as { value: string; sent: () => string }
    expect(vm.value).toBe('2026-12-11 17:00')
    expect(vm.sent()).toBe('2026-12-11T17:00:00+08:00') // in New York too
    expect((w.find('input').element as HTMLInputElement).value).toBe('2026年12月11日 17:00')
  })

  it('takes a typed date for a calendar-date field, in English too', async () => {
    const p = plugins()
    setLocale('en')
    const w = mount(Picker, { props: { type: 'date' }, global: { plugins: p } })
    await type(w, '2028-02-29')
    expect((w.vm as unknown as { value: string }).value).toBe('2028-02-29')
    expect((w.find('input').element as HTMLInputElement).value).toBe('29 Feb 2028')
  })
})
