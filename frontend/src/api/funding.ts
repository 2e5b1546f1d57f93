import type { Page } from './types'
import { call, filled, list, query, typedClient, type Filled, type Schemas } from './typed'

/** A source of money: the government's grant, the enterprise's co-funding, the team's own. */
export type Source = keyof Schemas['BySourceDTO']
export const SOURCES: Source[] = ['government', 'enterprise', 'self']

export type FundingDecision = Schemas['FundingDecisionDTO']
export type Disbursement = Schemas['DisbursementDTO']
export type Figures = Schemas['FiguresDTO']
export type BySource = Schemas['BySourceDTO']
export type FundingRacer = Schemas['FundingRacerDTO']
export type FundingLedger = Filled<Schemas['FundingDTO'], 'racers' | 'decisions' | 'disbursements'>
export type ProposalLine = Schemas['FundingProposalLineDTO']
export type DecisionInput = Schemas['FundingDecisionReq']
export type DisbursementInput = Schemas['DisbursementReq']
export type Count = Schemas['CountDTO']
export type ChallengeFunds = Schemas['ChallengeFundsDTO']
export type Dashboard = Schemas['DashboardDTO']
export type CreditKind = Schemas['CreditEventDTO']['kind']
export type CreditEvent = Schemas['CreditEventDTO']
export type CreditLedger = Filled<Schemas['CreditLedgerDTO'], 'events'>

const id = (id: number) => ({ params: { path: { id } } })

/** The funding ledger, the programme view and the credit ledger. */
export const fundingApi = {
  ledger: async (cid: number): Promise<FundingLedger> =>
    filled(await call(typedClient.GET('/api/v1/challenges/{id}/funding', id(cid))), 'racers', 'decisions', 'disbursements'),
  proposal: async (cid: number) => {
    const r = await call(typedClient.GET('/api/v1/challenges/{id}/funding/proposal', id(cid)))
    return { ...r, lines: r.lines ?? [] }
  },
  decide: (cid: number, body: DecisionInput) => call(typedClient.POST('/api/v1/challenges/{id}/funding-decisions', { ...id(cid), body })),
  disburse: (cid: number, body: DisbursementInput) => call(typedClient.POST('/api/v1/challenges/{id}/disbursements', { ...id(cid), body })),
  xlsxPath: (id: number) => `/challenges/${id}/funding.xlsx`,
  dashboard: (q: { year?: number; field?: string }) =>
    call(typedClient.GET('/api/v1/programme/dashboard', { params: { query: query(q) } })),
  dashboardXlsxPath: (q: { year?: number; field?: string }) => {
    const p = new URLSearchParams()
    if (q.year) p.set('year', String(q.year))
    if (q.field) p.set('field', q.field)
    const s = p.toString()
    return '/programme/dashboard.xlsx' + (s ? '?' + s : '')
  },
  creditEvents: (q: { org_id?: number; page?: number; page_size?: number }): Promise<Page<CreditEvent>> =>
    list(typedClient.GET('/api/v1/credit-events', { params: { query: query(q) } })),
  orgCredit: async (orgId: number): Promise<CreditLedger> =>
    filled(await call(typedClient.GET('/api/v1/orgs/{id}/credit', id(orgId))), 'events'),
  recordCredit: (orgId: number, body: Schemas['CreditEventReq']) =>
    call(typedClient.POST('/api/v1/orgs/{id}/credit-events', { ...id(orgId), body })),
}
