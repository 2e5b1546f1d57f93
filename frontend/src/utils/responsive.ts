import { onScopeDispose, ref, type Ref } from 'vue'

/** The width at and below which the layout is a phone's (one column, menus folded, tables as cards). */
export const PHONE_MAX_WIDTH = 768

/** True while the window is phone-wide; follows rotation and resizing. */
export function usePhone(): Ref<boolean> {
  const q = typeof window !== 'undefined' && window.matchMedia ? window.matchMedia(`(max-width: ${PHONE_MAX_WIDTH}px)`) : null
  const phone = ref(!!q?.matches)
  if (q) {
    const on = (e: MediaQueryListEvent) => (phone.value = e.matches)
    q.addEventListener('change', on)
    onScopeDispose(() => q.removeEventListener('change', on))
  }
  return phone
}
