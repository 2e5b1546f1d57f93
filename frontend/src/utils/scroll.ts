import { nextTick } from 'vue'

/**
 * Brings the first field error on the page into view (after the DOM shows it), or, when a form has none, the
 * first element of fallback (the page's error banner), so a refusal is never shown off-screen.
 */
export async function scrollToFirstError(fallback = ''): Promise<void> {
  await nextTick()
  const el = document.querySelector('.el-form-item.is-error, .jb-field-error') || (fallback ? document.querySelector(fallback) : null)
  if (el && typeof (el as HTMLElement).scrollIntoView === 'function') (el as HTMLElement).scrollIntoView({ block: 'center' })
}
