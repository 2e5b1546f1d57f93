import type { RouteRecordRaw } from 'vue-router'

export default [
  { path: '/settings', redirect: '/settings/fields' },
  {
    path: '/settings/fields',
    name: 'settings-fields',
    component: () => import('@/views/settings/FieldsView.vue'),
    meta: { roles: ['bureau'], title: 'settings.tabs.fields' },
  },
  {
    path: '/settings/limits',
    name: 'settings-limits',
    component: () => import('@/views/settings/LimitsView.vue'),
    meta: { roles: ['bureau'], title: 'settings.tabs.limits' },
  },
  {
    path: '/settings/rubrics',
    name: 'settings-rubrics',
    component: () => import('@/views/settings/RubricsView.vue'),
    meta: { roles: ['bureau'], title: 'settings.tabs.rubrics' },
  },
  {
    path: '/settings/outbox',
    name: 'settings-outbox',
    component: () => import('@/views/settings/OutboxView.vue'),
    meta: { roles: ['bureau'], title: 'settings.tabs.outbox' },
  },
] satisfies RouteRecordRaw[]
