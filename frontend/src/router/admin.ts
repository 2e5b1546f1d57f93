import type { RouteRecordRaw } from 'vue-router'

export default [
  {
    path: '/admin/users',
    name: 'admin-users',
    component: () => import('@/views/admin/UsersView.vue'),
    meta: { roles: ['admin'], title: 'nav.users' },
  },
] satisfies RouteRecordRaw[]
