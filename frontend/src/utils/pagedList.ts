import { ref, type Ref } from 'vue'
import type { Page } from '@/api/types'
import { useAction } from '@/composables/useAction'

/**
 * The state of a server-paged list: `load()` fetches the current page (keeping the old items while loading
 * and putting a failure into `error`), `reload()` goes back to page 1 first (after a search or filter change).
 */
export function usePagedList<T>(fetch: (page: number, pageSize: number) => Promise<Page<T>>, pageSize = 20, firstPage = 1) {
  const items = ref([]) as Ref<T[]>
  const total = ref(0)
  const page = ref(firstPage)
  const loading = ref(false)
  const { error, run } = useAction()

  async function load() {
    loading.value = true
    await run(async () => {
      const r = await fetch(page.value, pageSize)
      items.value = r.items ?? []
      total.value = r.total ?? 0
    })
    loading.value = false
  }
  function reload() {
    page.value = 1
    return load()
  }
  return { items, total, page, pageSize, loading, error, load, reload }
}
