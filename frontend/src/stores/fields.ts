import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { settingsApi, type FieldItem } from '@/api/settings'
import { currentLocale } from '@/i18n'

/**
 * The industry field list as the bureau keeps it (GET /meta/fields): the board's filters, the editor's choices
 * and every field label follow it, so a renamed or added field shows at once. Loaded once per page load and
 * again after the bureau edits it.
 */
export const useFieldsStore = defineStore('fields', () => {
  const items = ref<FieldItem[]>([])
  let loading: Promise<void> | null = null

  function load(force = false): Promise<void> {
    if (loading && !force) return loading
    loading = settingsApi.fields().then(
      (fs) => {
        items.value = fs
      },
      () => {
        loading = null
      },
    )
    return loading
  }

  /** Fields new content may choose (not retired). */
  const active = computed(() => items.value.filter((f) => !f.retired))

  /** The field's name in the current language (the code while the list loads or for an unknown code). */
  function name(code: string | null | undefined): string {
    if (!code) return ''
    const f = items.value.find((x) => x.code === code)
    if (!f) return code
    return currentLocale() === 'en' ? f.name_en : f.name_zh
  }

  return { items, active, load, name }
})
