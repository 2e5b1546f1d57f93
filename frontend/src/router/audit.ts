import type { RouteRecordRaw } from 'vue-router'

export default [
  {
    path: '/bureau/audit',
    name: 'bureau-audit',
    component: () => import('@/views/audit/AuditView.vue'),
    meta: { roles: ['bureau'], title: 'audit.title' },
  },
  {
    path: '/admin/audit',
    name: 'admin-audit',
    component: () => import('@/views/audit/AuditRegisterView.vue'),
    meta: { roles: ['admin'], title: 'audit.registerTitle' },
  },
] satisfies RouteRecordRaw[]
