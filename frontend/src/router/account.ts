import type { RouteRecordRaw } from 'vue-router'

export default [
  {
    path: '/me/security',
    name: 'security',
    component: () => import('@/views/account/SecurityView.vue'),
    meta: { auth: true, title: 'security.title' },
  },
] satisfies RouteRecordRaw[]
