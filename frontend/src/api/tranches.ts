import { call, typedClient, type Schemas } from './typed'

export type DueList = Schemas['FundingDueDTO']
export type DueItem = Schemas['DueItemDTO']
export type RacerPlan = Schemas['RacerPlanDTO']
export type PlanTranche = Schemas['PlanTrancheDTO']

const id = (id: number) => ({ params: { path: { id } } })

/** Milestone payments (里程碑拨付), terminations and refunds. */
export const tranchesApi = {
  due: () => call(typedClient.GET('/api/v1/funding/due')),
  plan: (rid: number) => call(typedClient.GET('/api/v1/racers/{id}/funding', id(rid))),
  terminate: (rid: number, body: Schemas['TerminateReq']) => call(typedClient.POST('/api/v1/racers/{id}/terminate', { ...id(rid), body })),
  revoke: (rid: number, body: Schemas['RevokeReq']) => call(typedClient.POST('/api/v1/racers/{id}/revoke', { ...id(rid), body })),
  requestTermination: (rid: number, reason: string) =>
    call(typedClient.POST('/api/v1/racers/{id}/termination-request', { ...id(rid), body: { reason } })),
  reportExpense: (rid: number, body: Schemas['ExpenseReq']) => call(typedClient.POST('/api/v1/racers/{id}/expenses', { ...id(rid), body })),
  acceptExpenses: (rid: number, amount_fen: number) =>
    call(typedClient.POST('/api/v1/racers/{id}/expenses/accept', { ...id(rid), body: { amount_fen } })),
  refund: (rid: number, body: Schemas['RefundReq']) => call(typedClient.POST('/api/v1/racers/{id}/refunds', { ...id(rid), body })),
}
