import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue'

/** A horizontal scroll container's measures (what the browser gives for an element). */
export interface ScrollBox {
  scrollWidth: number
  clientWidth: number
  scrollLeft: number
}

/**
 * Whether a box scrolls sideways, and whether more is hidden to its right. A pixel of slack absorbs the rounding
 * browsers do with fractional widths, so a table that fits exactly is never said to scroll.
 */
export function overflowState(box: ScrollBox): { overflows: boolean; moreRight: boolean } {
  const overflows = box.scrollWidth - box.clientWidth > 1
  const moreRight = overflows && box.scrollLeft + box.clientWidth < box.scrollWidth - 1
  return { overflows, moreRight }
}

/** The element inside root that scrolls sideways: an Element Plus table's scrollbar wrap, else root itself. */
export function scrollerIn(root: HTMLElement): HTMLElement {
  return (root.querySelector('.el-table__body-wrapper .el-scrollbar__wrap') as HTMLElement | null)
    || (root.querySelector('.el-table__body-wrapper') as HTMLElement | null)
    || root
}

/**
 * Follows whether the content of root overflows sideways (on mount, on resize of the box or its content, and on
 * scroll), so a view can show a cue that it scrolls only when it does.
 */
export function useOverflowX(root: Ref<HTMLElement | null>) {
  const overflows = ref(false)
  const moreRight = ref(false)
  let scroller: HTMLElement | null = null
  let observer: ResizeObserver | null = null

  function measure() {
    if (!root.value) return
    const el = scrollerIn(root.value)
    if (el !== scroller) attach(el)
    const s = overflowState(el)
    overflows.value = s.overflows
    moreRight.value = s.moreRight
  }
  function attach(el: HTMLElement) {
    scroller?.removeEventListener('scroll', measure)
    scroller = el
    el.addEventListener('scroll', measure, { passive: true })
    if (observer) {
      observer.disconnect()
      observer.observe(el)
      if (el.firstElementChild) observer.observe(el.firstElementChild)
      if (root.value && root.value !== el) observer.observe(root.value)
    }
  }

  onMounted(() => {
    if (typeof ResizeObserver !== 'undefined') observer = new ResizeObserver(() => measure())
    else window.addEventListener('resize', measure)
    measure()
  })
  onBeforeUnmount(() => {
    scroller?.removeEventListener('scroll', measure)
    observer?.disconnect()
    window.removeEventListener('resize', measure)
  })
  return { overflows, moreRight, measure }
}
