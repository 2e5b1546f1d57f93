import type { RouteRecordRaw } from 'vue-router'

export default [
  {
    path: '/org/members',
    name: 'org-members',
    component: () => import('@/views/org/MembersView.vue'),
    meta: { roles: ['enterprise', 'team', 'expert'], title: 'members.title' },
  },
  {
    path: '/bureau/orgs/:id(\\d+)/members',
    name: 'bureau-org-members',
    component: () => import('@/views/org/MembersView.vue'),
    meta: { roles: ['bureau'], title: 'members.title' },
  },
] satisfies RouteRecordRaw[]
