/** Resource shapes from the API contract (shared/spec/api.md) and docs/api-details.md. */

export type Role = 'enterprise' | 'team' | 'expert' | 'bureau' | 'admin'
export type OrgType = 'enterprise' | 'university' | 'research_institute' | 'other'
export type CreditStatus = 'good' | 'warned' | 'barred'
export type FieldCode =
  | 'equipment' | 'materials' | 'energy' | 'biomedicine' | 'electronics'
  | 'ai' | 'environment' | 'agriculture' | 'marine' | 'other'
export const FIELD_CODES: FieldCode[] = [
  'equipment', 'materials', 'energy', 'biomedicine', 'electronics', 'ai', 'environment', 'agriculture', 'marine', 'other',
]

export interface Org {
  id: number
  name: string
  type: OrgType
  credit_code: string
  verified: boolean
  credit_status: CreditStatus
  created_at?: string
}

export interface User {
  id: number
  email: string
  name: string
  role: Role
  org: Org | null
  disabled?: boolean
  /** only an active member acts for its organisation */
  membership?: Membership
  /** the organisation's administrator (单位管理员) */
  org_admin?: boolean
  /** the reason of a rejection or removal */
  membership_note?: string
  // industry field codes: the bureau keeps the list (GET /meta/fields), so not a fixed union
  expert_fields?: string[] | null
  created_at?: string
}

export type Membership = 'active' | 'pending' | 'rejected'

export interface Page<T> {
  items: T[]
  total: number
  page: number
  page_size: number
}

export interface LoginResult {
  access_token: string
  refresh_token: string
  expires_in: number
  user?: User
}

export interface OrgLookup {
  valid: boolean
  exists: boolean
  name?: string
}

export type ChallengeStatus =
  | 'draft' | 'submitted' | 'returned' | 'approved' | 'rejected' | 'published' | 'bidding_closed'
  | 'reviewing' | 'notice' | 'in_progress' | 'completed' | 'failed' | 'cancelled'
export const CHALLENGE_STATUSES: ChallengeStatus[] = [
  'draft', 'submitted', 'returned', 'approved', 'rejected', 'published', 'bidding_closed',
  'reviewing', 'notice', 'in_progress', 'completed', 'failed', 'cancelled',
]
export type Comparison = '>=' | '<=' | '='
export type Mode = 'single' | 'race'

export interface Kpi {
  name: string
  target: number | null
  unit: string
  comparison: Comparison
  method: string
}

export interface Stage {
  name: string
  offset_months: number | null
  funding_share_pct: number | null
  keep_top: number | null
  min_score: number | null
}

export interface Amendment {
  id: number
  content: string
  created_at: string
  created_by_name?: string
}

export interface HistoryEntry {
  action: string
  from_status?: string
  to_status?: string
  opinion?: string
  actor_name?: string
  at: string
}

export interface Challenge {
  id: number
  /** what this user may do now (the server's state machines, role and ownership included) */
  actions?: string[]
  org_id: number
  org_name?: string
  status: ChallengeStatus
  title: string
  field: FieldCode | ''
  background: string
  problem: string
  kpis: Kpi[]
  deliverables: string
  duration_months: number | null
  budget_fen: number | null
  gov_funding_fen: number | null
  cofunding_fen: number | null
  ip_terms: string
  eligibility: string
  mode: Mode
  max_racers: number | null
  stages: Stage[]
  bid_deadline?: string | null
  /** issue 19 (not yet in schema.d.ts): the China date of the bidding deadline, inclusive */
  bid_deadline_on?: string | null
  published_at?: string | null
  winner_racer_ids?: number[] | null
  created_at?: string
  updated_at?: string
  submitted_at?: string | null
  approved_at?: string | null
  cancel_reason?: string | null
  last_opinion?: string | null
  amendments?: Amendment[]
  history?: HistoryEntry[]
  days_left?: number | null
}

/** A challenge as listed (GET /challenges): without the long texts, with `summary` (the first 120
 * characters of the problem). The full resource is GET /challenges/{id}. */
export type ChallengeSummary = Omit<
  Challenge,
  'background' | 'problem' | 'deliverables' | 'ip_terms' | 'eligibility' | 'amendments' | 'history'
> & { summary: string }

/** The writable part of a challenge (create / PATCH body). */
export type ChallengeInput = Pick<
  Challenge,
  | 'title' | 'field' | 'background' | 'problem' | 'kpis' | 'deliverables' | 'duration_months' | 'budget_fen'
  | 'gov_funding_fen' | 'cofunding_fen' | 'ip_terms' | 'eligibility' | 'mode' | 'max_racers' | 'stages'
>

export interface ChallengeQuery {
  status?: string
  field?: string
  mode?: string
  q?: string
  scope?: 'mine'
  page?: number
  page_size?: number
}

export type BidStatus = 'draft' | 'submitted' | 'withdrawn' | 'eligible' | 'ineligible' | 'selected' | 'not_selected' | 'cancelled'
export const BID_STATUSES: BidStatus[] = ['draft', 'submitted', 'withdrawn', 'eligible', 'ineligible', 'selected', 'not_selected', 'cancelled']

export interface Partner {
  org_name: string
  credit_code: string
  role: string
  share_pct: number | null
}

export interface Member {
  name: string
  role: string
}

export interface PlanEntry {
  stage: number
  kpi_targets: Record<string, number | null>
  deliverables: string
}

export interface BudgetLine {
  item: string
  amount_fen: number | null
}

export interface Receipt {
  submitted_at: string
  digest: string
  version?: number
}

export interface Attachment {
  id: number
  filename: string
  size: number
  content_type: string
  sha256: string
  uploaded_at: string
}

export interface PrecheckItem {
  code: 'credit_status' | 'pi_limit' | 'org_limit' | 'complete' | 'budget_cap' | 'related_party' | string
  ok: boolean
  message: string
}

export interface Bid {
  id: number
  /** what this user may do now (the server's state machines, role and ownership included) */
  actions?: string[]
  challenge_id: number
  challenge_title?: string
  status: BidStatus
  pi: { name: string; email: string }
  lead_org_id: number
  lead_org_name?: string
  lead_share_pct: number | null
  partners: Partner[]
  members: Member[]
  approach: string
  plan: PlanEntry[]
  budget: BudgetLine[]
  commitment_signed: boolean
  integrity_pledge_signed: boolean
  version: number
  receipt?: Receipt | null
  eligibility_reason?: string | null
  /** why a cancelled bid ended (the bureau's reason for cancelling the challenge) */
  end_reason?: string
  ended_at?: string | null
  created_at?: string
  updated_at?: string
  submitted_at?: string | null
  has_unsubmitted_changes?: boolean
  attachments?: Attachment[]
  precheck?: { ok: boolean; checks: PrecheckItem[] } | null
}

export type BidInput = Pick<
  Bid,
  'pi' | 'lead_share_pct' | 'partners' | 'members' | 'approach' | 'plan' | 'budget' | 'commitment_signed' | 'integrity_pledge_signed'
>

export interface BidVersion {
  version: number
  submitted_at: string
  digest: string
  content?: Record<string, unknown>
}

export interface FieldMeta {
  code: FieldCode
  name_zh: string
  name_en: string
}
