import { nextTick } from 'vue'

/** Brings the first field error on the page into view (after the DOM shows it). */
export async function scrollToFirstError(): Promise<void> {
  await nextTick()
  const el = document.querySelector('.el-form-item.is-error, .jb-field-error')
  if (el && typeof (el as HTMLElement).scrollIntoView === 'function') (el as HTMLElement).scrollIntoView({ block: 'center' })
}
