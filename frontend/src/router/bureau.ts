import type { RouteRecordRaw } from 'vue-router'

export default [
  {
    path: '/bureau/orgs',
    name: 'bureau-orgs',
    component: () => import('@/views/bureau/OrgsView.vue'),
    meta: { roles: ['bureau'], title: 'nav.orgs' },
  },
  {
    path: '/bureau/review',
    name: 'bureau-review',
    component: () => import('@/views/bureau/ReviewQueueView.vue'),
    meta: { roles: ['bureau'], title: 'nav.reviewQueue' },
  },
] satisfies RouteRecordRaw[]
