import type { RouteRecordRaw } from 'vue-router'

const id = (r: { params: Record<string, unknown> }) => ({ id: Number(r.params.id) })

export default [
  { path: '/notices', name: 'notices', component: () => import('@/views/race/NoticesView.vue'), meta: { title: 'race.noticesTitle' } },
  { path: '/notices/:id(\\d+)', name: 'notice', component: () => import('@/views/race/NoticeView.vue'), props: id, meta: { title: 'race.noticeTitle' } },
  { path: '/results', name: 'results', component: () => import('@/views/race/ResultsView.vue'), meta: { title: 'race.resultsTitle' } },
  {
    path: '/challenges/:id(\\d+)/selection',
    name: 'race-selection',
    component: () => import('@/views/race/SelectionView.vue'),
    props: id,
    meta: { roles: ['bureau'], title: 'race.selectionTitle' },
  },
  { path: '/challenges/:id(\\d+)/race', name: 'race-board', component: () => import('@/views/race/RaceBoardView.vue'), props: id, meta: { title: 'race.boardTitle' } },
  {
    path: '/challenges/:id(\\d+)/stages/:stage(\\d+)/decision',
    name: 'race-decision',
    component: () => import('@/views/race/DecisionView.vue'),
    props: (r: { params: Record<string, unknown> }) => ({ id: Number(r.params.id), stage: Number(r.params.stage) }),
    meta: { roles: ['bureau'], title: 'race.decisionTitleShort' },
  },
  { path: '/racers/:id(\\d+)/taskbook', name: 'race-taskbook', component: () => import('@/views/race/TaskBookView.vue'), props: id, meta: { auth: true, title: 'race.taskBookTitle' } },
  { path: '/calendar', name: 'calendar', component: () => import('@/views/race/CalendarView.vue'), meta: { title: 'race.calendarTitle' } },
] satisfies RouteRecordRaw[]
