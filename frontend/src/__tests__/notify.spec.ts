import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createMemoryHistory, createRouter } from 'vue-router'
import NotificationBell from '@/components/NotificationBell.vue'
import { useFieldsStore } from '@/stores/fields'
import { setLocale } from '@/i18n'
import { plugins } from './helpers'

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

afterEach(() => vi.unstubAllGlobals())

describe('notifications and fields', () => {
  it('the bell shows the unread count and hides it at zero', async () => {
    let unread = 3
    vi.stubGlobal('fetch', vi.fn(async (req: Request) => {
      expect(new URL(req.url, 'http://x').searchParams.get('unread')).toBe('true')
      return json(200, { items: [], total: unread, page: 1, page_size: 1, unread })
    }))
    const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:p(.*)*', component: { template: '<div/>' } }] })
    const w = mount(NotificationBell, { global: { plugins: [...plugins(), router] } })
    await flushPromises()
    expect(w.get('[data-test="bell-count"]').text()).toBe('3')
    unread = 0
    await router.push('/elsewhere') // navigation refreshes the bell
    await flushPromises()
    expect(w.find('[data-test="bell-count"]').exists()).toBe(false)
    w.unmount()
  })

  it('field names follow the bureau list and the language', async () => {
    plugins()
    vi.stubGlobal('fetch', vi.fn(async () => json(200, { items: [
      { code: 'marine', name_zh: '海洋工程装备', name_en: 'Marine equipment', position: 9, retired: false },
      { code: 'old', name_zh: '旧领域', name_en: 'Old', position: 11, retired: true },
    ] })))
    const fields = useFieldsStore()
    await fields.load()
    expect(fields.name('marine')).toBe('海洋工程装备')
    expect(fields.active.map((f) => f.code)).toEqual(['marine'])
    expect(fields.name('unknown')).toBe('unknown')
    setLocale('en')
    expect(fields.name('marine')).toBe('Marine equipment')
    setLocale('zh-CN')
  })
})
