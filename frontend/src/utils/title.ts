import { onUnmounted, ref, watchEffect } from 'vue'

/**
 * The title a page gives itself when the route's static title is not enough (a challenge's page is named after
 * the challenge). App.vue puts it in the window title, in front of the site's name.
 */
export const pageTitle = ref('')

/** Names the window after what the page shows (e.g. `() => challenge.value?.title`) while the page is mounted. */
export function usePageTitle(title: () => string | null | undefined): void {
  watchEffect(() => {
    pageTitle.value = title() || ''
  })
  onUnmounted(() => {
    pageTitle.value = ''
  })
}
