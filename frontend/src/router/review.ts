import type { RouteRecordRaw } from 'vue-router'

const id = (r: { params: Record<string, unknown> }) => ({ id: Number(r.params.id) })

export default [
  {
    path: '/review/workbench',
    name: 'review-workbench',
    component: () => import('@/views/review/WorkbenchView.vue'),
    meta: { roles: ['expert'], title: 'review.workbenchTitle' },
  },
  {
    path: '/review/assignments/:id(\\d+)',
    name: 'review-assignment',
    component: () => import('@/views/review/AssignmentView.vue'),
    props: id,
    meta: { roles: ['expert'], title: 'review.scoring' },
  },
  {
    path: '/review/profile',
    name: 'review-profile',
    component: () => import('@/views/review/ExpertProfileView.vue'),
    meta: { roles: ['expert'], title: 'review.profileTitle' },
  },
  {
    path: '/challenges/:id(\\d+)/rounds',
    name: 'challenge-rounds',
    component: () => import('@/views/review/ChallengeRoundsView.vue'),
    props: id,
    meta: { roles: ['bureau'], title: 'review.roundsTitle' },
  },
  {
    path: '/review/rounds/:id(\\d+)',
    name: 'review-round',
    component: () => import('@/views/review/RoundView.vue'),
    props: id,
    meta: { roles: ['bureau'], title: 'review.roundsTitle' },
  },
  {
    path: '/review/experts',
    name: 'review-pool',
    component: () => import('@/views/review/PoolView.vue'),
    meta: { roles: ['bureau'], title: 'review.poolTitle' },
  },
] satisfies RouteRecordRaw[]
