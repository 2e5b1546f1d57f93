import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import type { Role } from '@/api/types'
import { useAuthStore } from '@/stores/auth'
import { t } from '@/i18n'

declare module 'vue-router' {
  interface RouteMeta {
    /** requires a logged-in user */
    auth?: boolean
    /** only these roles (implies auth) */
    roles?: Role[]
    /** i18n key of the page title */
    title?: string
    /** routes with the same viewKey share one component instance (e.g. new → edit after the first save) */
    viewKey?: string
  }
}

/**
 * Routes live in one file per area (router/<area>.ts exporting default
 * RouteRecordRaw[]); this file only merges them and guards access, so areas can
 * be added without editing it.
 */
const modules = import.meta.glob<{ default: RouteRecordRaw[] }>('./*.ts', { eager: true })
const areaRoutes: RouteRecordRaw[] = Object.entries(modules)
  .filter(([path]) => !path.endsWith('/index.ts'))
  .flatMap(([, m]) => m.default)

export const routes: RouteRecordRaw[] = [
  ...areaRoutes,
  { path: '/forbidden', name: 'forbidden', component: () => import('@/views/ErrorView.vue'), props: { kind: 'forbidden' } },
  { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('@/views/ErrorView.vue'), props: { kind: 'notfound' } },
]

export const router = createRouter({
  history: createWebHistory(),
  routes,
  scrollBehavior(_to, _from, saved) {
    return saved || { top: 0 }
  },
})

router.beforeEach(async (to) => {
  const auth = useAuthStore()
  await auth.init()
  const needsAuth = to.meta.auth || !!to.meta.roles
  if (needsAuth && !auth.loggedIn) {
    return { name: 'login', query: { redirect: to.fullPath } }
  }
  // A user whose role must use two-factor sign-in and who has not enrolled may only enrol (the server refuses
  // everything else with 403 mfa_enrolment_required).
  if (auth.loggedIn && auth.mfaEnrolmentRequired && to.name !== 'security') {
    return { name: 'security', query: { enrol: '1' } }
  }
  if (to.meta.roles && auth.role && !to.meta.roles.includes(auth.role)) {
    return { name: 'forbidden' }
  }
  return true
})

router.afterEach((to) => {
  const base = t('common.appNameFull')
  document.title = to.meta.title ? `${t(to.meta.title)} - ${base}` : base
})
