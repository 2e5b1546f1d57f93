import { createApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import { i18n, setLocale, currentLocale } from './i18n'
import { router } from './router'
import { installElement } from './plugins/element'
import { configureClient } from './api/client'
import { useAuthStore } from './stores/auth'
import './styles/main.css'

const app = createApp(App)
const pinia = createPinia()
app.use(pinia)
app.use(i18n)
installElement(app)

const auth = useAuthStore(pinia)
configureClient({
  getAccessToken: () => auth.accessToken,
  getLocale: () => currentLocale(),
  refresh: () => auth.refresh(),
  onUnauthenticated: () => {
    const wasLoggedIn = !!auth.user
    auth.clear()
    const cur = router.currentRoute.value
    if (wasLoggedIn && cur.meta.auth) {
      router.replace({ name: 'login', query: { redirect: cur.fullPath, expired: '1' } })
    }
  },
})
setLocale(currentLocale())
app.use(router)
app.mount('#app')
