import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import { h, nextTick } from 'vue'
import ScrollHint from '@/components/ScrollHint.vue'
import { overflowState, scrollerIn } from '@/composables/useOverflowX'
import { plugins } from './helpers'

describe('overflowState', () => {
  it('says a box that fits does not scroll, even with a rounding pixel', () => {
    expect(overflowState({ scrollWidth: 600, clientWidth: 600, scrollLeft: 0 })).toEqual({ overflows: false, moreRight: false })
    expect(overflowState({ scrollWidth: 601, clientWidth: 600, scrollLeft: 0 })).toEqual({ overflows: false, moreRight: false })
  })
  it('says a wider box scrolls and has more to its right until scrolled to the end', () => {
    expect(overflowState({ scrollWidth: 900, clientWidth: 360, scrollLeft: 0 })).toEqual({ overflows: true, moreRight: true })
    expect(overflowState({ scrollWidth: 900, clientWidth: 360, scrollLeft: 300 })).toEqual({ overflows: true, moreRight: true })
    expect(overflowState({ scrollWidth: 900, clientWidth: 360, scrollLeft: 540 })).toEqual({ overflows: true, moreRight: false })
    expect(overflowState({ scrollWidth: 900, clientWidth: 360, scrollLeft: 539.5 })).toEqual({ overflows: true, moreRight: false })
  })
})

describe('scrollerIn', () => {
  it("finds an Element Plus table's scroll wrap, else the box itself", () => {
    const root = document.createElement('div')
    expect(scrollerIn(root)).toBe(root)
    root.innerHTML = '<div class="el-table__body-wrapper"><div class="el-scrollbar__wrap"></div></div>'
    expect(scrollerIn(root)).toBe(root.querySelector('.el-scrollbar__wrap'))
  })
})

/** Gives an element fixed measures (happy-dom does no layout). */
function size(el: HTMLElement, scrollWidth: number, clientWidth: number) {
  Object.defineProperty(el, 'scrollWidth', { configurable: true, get: () => scrollWidth })
  Object.defineProperty(el, 'clientWidth', { configurable: true, get: () => clientWidth })
}

describe('ScrollHint', () => {
  it('shows the swipe hint only while the content overflows', async () => {
    const w = mount(ScrollHint, {
      global: { plugins: plugins() },
      slots: { default: () => h('div', { class: 'el-table__body-wrapper' }, [h('div', { class: 'el-scrollbar__wrap' })]) },
    })
    const wrap = w.find('.el-scrollbar__wrap').element as HTMLElement
    size(wrap, 500, 500)
    ;(w.vm as unknown as { measure: () => void }).measure()
    await nextTick()
    expect(w.find('[data-test="scroll-hint"]').exists()).toBe(false)
    expect(w.classes()).not.toContain('has-more-right')

    size(wrap, 1200, 360)
    ;(w.vm as unknown as { measure: () => void }).measure()
    await nextTick()
    expect(w.find('[data-test="scroll-hint"]').text()).toContain('左右滑动查看更多')
    expect(w.classes()).toContain('has-more-right')

    wrap.scrollLeft = 840
    wrap.dispatchEvent(new Event('scroll'))
    await nextTick()
    expect(w.classes()).toContain('is-overflowing')
    expect(w.classes()).not.toContain('has-more-right')
    w.unmount()
  })
})
