import { api } from './client'
import type { Page } from './types'

export type Source = 'government' | 'enterprise' | 'self'
export const SOURCES: Source[] = ['government', 'enterprise', 'self']

export interface FundingDecision {
  id: number
  challenge_id: number
  racer_id: number
  tranche: string
  source: Source
  amount_fen: number
  basis: string
  note: string
  decided_by: number
  decided_by_name: string
  decided_at: string
  reverses_id: number | null
  reversed_by_id: number | null
}

export interface Disbursement {
  id: number
  challenge_id: number
  racer_id: number
  decision_id: number
  source: Source
  amount_fen: number
  paid_on: string
  reference: string
  recorded_by: number
  recorded_by_name: string
  recorded_at: string
}

export interface Figures {
  decided_fen: number
  disbursed_fen: number
}

export type BySource = Record<Source, Figures>

export interface FundingRacer {
  racer_id: number
  org_id: number
  org_name: string
  status: string
  by_source: BySource
}

export interface FundingLedger {
  challenge_id: number
  title: string
  status: string
  cap_fen: number
  decided_fen: number
  disbursed_fen: number
  available_fen: number
  cofunding_ratio_pct: number
  by_source: BySource
  racers: FundingRacer[]
  own_only: boolean
  decisions: FundingDecision[]
  disbursements: Disbursement[]
}

export interface ProposalLine {
  racer_id: number
  tranche: string
  amount_fen: number
  decided_fen: number
  provisional: boolean
}

export interface DecisionInput {
  racer_id?: number
  tranche?: string
  source?: Source
  amount_fen?: number
  basis?: string
  note?: string
  reverses_id?: number
}

export interface DisbursementInput {
  racer_id: number
  decision_id: number
  amount_fen: number
  paid_on: string
  reference: string
}

export interface Count {
  key: string
  count: number
}

export interface ChallengeFunds {
  challenge_id: number
  title: string
  status: string
  cap_fen: number
  decided_fen: number
  disbursed_fen: number
}

export interface Dashboard {
  year: number
  field: string
  challenges: number
  by_status: Count[]
  by_field: Count[]
  bids_top: { challenge_id: number; title: string; bids: number }[]
  bids_histogram: Count[]
  funds_top: ChallengeFunds[]
  funds: ChallengeFunds
  funnel: { step: string; remaining: number; eliminated: number }[]
  deadlines: { kind: string; challenge_id: number; title: string; stage: number; at: string }[]
}

export type CreditKind = 'warn' | 'bar' | 'lift'

export interface CreditEvent {
  id: number
  org_id: number
  kind: CreditKind
  reason: string
  until: string | null
  source: string
  source_id: number
  created_by: number
  created_by_name: string
  created_at: string
}

export interface CreditLedger {
  org_id: number
  org_name: string
  credit_status: 'good' | 'warned' | 'barred'
  events: CreditEvent[]
}

/** The funding ledger, the programme view and the credit ledger. */
export const fundingApi = {
  ledger: (id: number) => api.get<FundingLedger>(`/challenges/${id}/funding`),
  proposal: (id: number) => api.get<{ cap_fen: number; lines: ProposalLine[] }>(`/challenges/${id}/funding/proposal`),
  decide: (id: number, body: DecisionInput) => api.post<FundingDecision>(`/challenges/${id}/funding-decisions`, body),
  disburse: (id: number, body: DisbursementInput) => api.post<Disbursement>(`/challenges/${id}/disbursements`, body),
  xlsxPath: (id: number) => `/challenges/${id}/funding.xlsx`,
  dashboard: (q: { year?: number; field?: string }) => api.get<Dashboard>('/programme/dashboard', q),
  dashboardXlsxPath: (q: { year?: number; field?: string }) => {
    const p = new URLSearchParams()
    if (q.year) p.set('year', String(q.year))
    if (q.field) p.set('field', q.field)
    const s = p.toString()
    return '/programme/dashboard.xlsx' + (s ? '?' + s : '')
  },
  creditEvents: (q: { org_id?: number; page?: number; page_size?: number }) => api.get<Page<CreditEvent>>('/credit-events', q),
  orgCredit: (orgId: number) => api.get<CreditLedger>(`/orgs/${orgId}/credit`),
  recordCredit: (orgId: number, body: { kind: CreditKind; reason: string; until?: string; source?: string; source_id?: number }) =>
    api.post<CreditEvent>(`/orgs/${orgId}/credit-events`, body),
}
