import type { RouteRecordRaw } from 'vue-router'

export default [
  {
    path: '/notifications',
    name: 'notifications',
    component: () => import('@/views/notify/NotificationsView.vue'),
    meta: { auth: true, title: 'notify.title' },
  },
] satisfies RouteRecordRaw[]
