import { defineStore } from 'pinia'
import { ref } from 'vue'
import { notificationsApi } from '@/api/notifications'

/** The bell's unread count, refreshed on navigation, on focus and every 30 seconds while someone is logged in. */
export const useNotificationsStore = defineStore('notifications', () => {
  const unread = ref(0)
  let timer: ReturnType<typeof setInterval> | null = null

  async function refresh(): Promise<void> {
    try {
      unread.value = (await notificationsApi.list({ unread: true, page_size: 1 })).unread
    } catch {
      /* the bell keeps its number; the list page shows errors */
    }
  }

  function start(): void {
    if (timer) return
    refresh()
    timer = setInterval(refresh, 30_000)
    window.addEventListener('focus', refresh)
  }

  function stop(): void {
    if (timer) clearInterval(timer)
    timer = null
    window.removeEventListener('focus', refresh)
    unread.value = 0
  }

  return { unread, refresh, start, stop }
})
