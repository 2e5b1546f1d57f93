import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createMemoryHistory, createRouter } from 'vue-router'
import { defineComponent } from 'vue'
import LimitsView from '@/views/settings/LimitsView.vue'
import { plugins } from './helpers'

const stored = {
  max_active_bids_per_pi: 1, max_active_bids_per_org: 10, max_partners: 4, cofunding_ratio_pct: 100,
  notice_days: 5, experts_per_item: 5, question_window_days: 7, addendum_min_days: 7,
}

function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

afterEach(() => vi.unstubAllGlobals())

describe('LimitsView', () => {
  it('shows the default rectification period while none is set, and saves the one the bureau enters', async () => {
    const puts: unknown[] = []
    vi.stubGlobal('fetch', vi.fn(async (req: Request) => {
      expect(new URL(req.url, 'http://x').pathname).toBe('/api/v1/settings/limits')
      if (req.method === 'PUT') {
        const body = await req.json()
        puts.push(body)
        return jsonResponse(200, body)
      }
      return jsonResponse(200, stored)
    }))
    const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:p(.*)*', component: defineComponent({ template: '<div/>' }) }] })
    const w = mount(LimitsView, { global: { plugins: [...plugins(), router] } })
    await flushPromises()
    const input = w.find('[data-test="limit-rectification_months"] input')
    expect(input.exists()).toBe(true)
    expect((input.element as HTMLInputElement).value).toBe('3')
    await input.setValue('6')
    await input.trigger('change')
    await w.find('form').trigger('submit')
    await flushPromises()
    expect(puts).toHaveLength(1)
    expect(puts[0]).toMatchObject({ ...stored, rectification_months: 6 })
  })
})
