import { createPinia, setActivePinia } from 'pinia'
import { i18n, setLocale } from '@/i18n'
import { installElement } from '@/plugins/element'
import type { App } from 'vue'

/** Global plugins for mounting components in tests. */
export function plugins() {
  const pinia = createPinia()
  setActivePinia(pinia)
  setLocale('zh-CN')
  return [pinia, i18n, { install: (app: App) => installElement(app) }]
}
