import type { RouteRecordRaw } from 'vue-router'

const board = () => import('@/views/challenges/BoardView.vue')

export default [
  { path: '/', name: 'board-root', component: board, meta: { title: 'nav.board' } },
  { path: '/challenges', name: 'board', component: board, meta: { title: 'nav.board' } },
  {
    path: '/challenges/new',
    name: 'challenge-new',
    component: () => import('@/views/challenges/ChallengeEditorView.vue'),
    meta: { roles: ['enterprise'], title: 'challenge.newTitle', viewKey: 'challenge-editor' },
  },
  {
    path: '/challenges/:id(\\d+)',
    name: 'challenge',
    component: () => import('@/views/challenges/ChallengeDetailView.vue'),
    props: (r) => ({ id: Number(r.params.id) }),
  },
  {
    path: '/challenges/:id(\\d+)/edit',
    name: 'challenge-edit',
    component: () => import('@/views/challenges/ChallengeEditorView.vue'),
    props: (r) => ({ id: Number(r.params.id) }),
    meta: { roles: ['enterprise'], title: 'challenge.editTitle', viewKey: 'challenge-editor' },
  },
  {
    path: '/my/challenges',
    name: 'my-challenges',
    component: () => import('@/views/challenges/MyChallengesView.vue'),
    meta: { roles: ['enterprise'], title: 'nav.myChallenges' },
  },
] satisfies RouteRecordRaw[]
