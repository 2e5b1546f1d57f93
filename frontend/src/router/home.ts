import type { RouteRecordRaw } from 'vue-router'

export default [
  { path: '/home', name: 'home', component: () => import('@/views/home/HomeView.vue'), meta: { auth: true, title: 'nav.home' } },
] satisfies RouteRecordRaw[]
