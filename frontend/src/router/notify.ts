import type { RouteRecordRaw } from 'vue-router'

export default [
  {
    path: '/notifications',
    name: 'notifications',
    component: () => import('@/views/notify/NotificationsView.vue'),
    meta: { auth: true, title: 'notify.title' },
  },
  {
    path: '/me/mail',
    name: 'mail-prefs',
    component: () => import('@/views/notify/MailPrefsView.vue'),
    meta: { auth: true, title: 'notify.mail.title' },
  },
] satisfies RouteRecordRaw[]
