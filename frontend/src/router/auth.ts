import type { RouteRecordRaw } from 'vue-router'

export default [
  { path: '/login', name: 'login', component: () => import('@/views/auth/LoginView.vue'), meta: { title: 'nav.login' } },
  { path: '/register', name: 'register', component: () => import('@/views/auth/RegisterView.vue'), meta: { title: 'nav.register' } },
] satisfies RouteRecordRaw[]
