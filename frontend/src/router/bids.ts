import type { RouteRecordRaw } from 'vue-router'

const id = (r: { params: Record<string, unknown> }) => ({ id: Number(r.params.id) })

export default [
  {
    path: '/bids/:id(\\d+)',
    name: 'bid',
    component: () => import('@/views/bids/BidDetailView.vue'),
    props: id,
    meta: { auth: true, title: 'bid.detailTitle' },
  },
  {
    path: '/bids/:id(\\d+)/edit',
    name: 'bid-edit',
    component: () => import('@/views/bids/BidEditorView.vue'),
    props: id,
    meta: { roles: ['team'], title: 'bid.editorTitle' },
  },
  {
    path: '/bids/:id(\\d+)/receipt',
    name: 'bid-receipt',
    component: () => import('@/views/bids/BidReceiptView.vue'),
    props: id,
    meta: { auth: true, title: 'bid.receiptTitle' },
  },
  {
    path: '/my/bids',
    name: 'my-bids',
    component: () => import('@/views/bids/MyBidsView.vue'),
    meta: { roles: ['team'], title: 'nav.myBids' },
  },
  {
    path: '/challenges/:id(\\d+)/bids',
    name: 'challenge-bids',
    component: () => import('@/views/bids/ChallengeBidsView.vue'),
    props: id,
    meta: { roles: ['bureau', 'enterprise'], title: 'bid.bidsTitle' },
  },
] satisfies RouteRecordRaw[]
