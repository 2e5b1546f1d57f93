import type { RouteRecordRaw } from 'vue-router'

const id = (r: { params: Record<string, unknown> }) => ({ id: Number(r.params.id) })

export default [
  {
    path: '/challenges/:id(\\d+)/funding',
    name: 'funding',
    component: () => import('@/views/funding/FundingView.vue'),
    props: id,
    meta: { auth: true, title: 'funding.title' },
  },
  {
    path: '/bureau/dashboard',
    name: 'funding-dashboard',
    component: () => import('@/views/funding/DashboardView.vue'),
    meta: { roles: ['bureau'], title: 'funding.dashboardTitle' },
  },
  {
    path: '/bureau/due',
    name: 'funding-due',
    component: () => import('@/views/funding/DueView.vue'),
    meta: { roles: ['bureau'], title: 'tranches.dueTitle' },
  },
  {
    path: '/racers/:id(\\d+)/funding',
    name: 'racer-funding',
    component: () => import('@/views/funding/RacerFundingView.vue'),
    props: id,
    meta: { auth: true, title: 'tranches.planTitle' },
  },
  {
    path: '/bureau/credit',
    name: 'credit-ledger',
    component: () => import('@/views/funding/CreditView.vue'),
    meta: { roles: ['bureau'], title: 'funding.creditTitle' },
  },
  {
    path: '/org/credit',
    name: 'org-credit',
    component: () => import('@/views/funding/OrgCreditView.vue'),
    meta: { roles: ['enterprise', 'team'], title: 'funding.orgCreditTitle' },
  },
] satisfies RouteRecordRaw[]
