import type { RouteRecordRaw } from 'vue-router'

export default [
  { path: '/calls', name: 'calls', component: () => import('@/views/calls/CallsView.vue'), meta: { title: 'call.listTitle' } },
  {
    path: '/calls/:id(\\d+)',
    name: 'call',
    component: () => import('@/views/calls/CallView.vue'),
    props: (r) => ({ id: Number(r.params.id) }),
  },
] satisfies RouteRecordRaw[]
