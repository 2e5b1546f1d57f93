import type { RouteRecordRaw } from 'vue-router'

export default [
  {
    path: '/bureau/audit',
    name: 'bureau-audit',
    component: () => import('@/views/audit/AuditView.vue'),
    meta: { roles: ['bureau'], title: 'audit.title' },
  },
] satisfies RouteRecordRaw[]
