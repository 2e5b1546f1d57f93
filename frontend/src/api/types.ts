import type { Schemas } from './typed'

/**
 * Resource shapes of the accounts, challenges and bids, as aliases of the generated OpenAPI schemas
 * (schema.d.ts): the server's DTOs are the one definition, so the UI cannot drift from them. What is written
 * by hand here is either a form model derived from a request schema (FormOf) or a narrow correction where the
 * document says less than the server does (each says why).
 */

export type Role = Schemas['UserDTO']['role']
export type OrgType = Schemas['OrgDTO']['type']
export type CreditStatus = Schemas['OrgDTO']['credit_status']
export type FieldCode = NonNullable<Schemas['ChallengeReq']['field']>
export const FIELD_CODES: FieldCode[] = [
  'equipment', 'materials', 'energy', 'biomedicine', 'electronics', 'ai', 'environment', 'agriculture', 'marine', 'other',
]

export type Org = Schemas['OrgDTO']
/**
 * A user. The document gives `org` as always present, but a bureau or admin account has none and the server
 * sends null (userDTO.Org is a pointer): a gap of the document, corrected here.
 */
export type User = Omit<Schemas['UserDTO'], 'org'> & { org: Org | null }
export type Membership = Schemas['UserDTO']['membership']

/** One page of a list (the ListResp* schemas), its items made present by the API modules. */
export interface Page<T> {
  items: T[]
  total: number
  page: number
  page_size: number
}

/** The answer of login and refresh (with the user, see User for its org). */
export type LoginResult = Omit<Schemas['SessionResp'], 'user'> & { user: User }
/** A login's answer for a user with a second factor: no tokens yet, the token of the code step. */
export type MFAChallenge = Schemas['MfaChallengeResp']
export type OrgLookup = Schemas['OrgLookupResp']

export type ChallengeStatus = Schemas['ChallengeDTO']['status']
export const CHALLENGE_STATUSES: ChallengeStatus[] = [
  'draft', 'submitted', 'returned', 'approved', 'rejected', 'published', 'bidding_closed',
  'reviewing', 'notice', 'in_progress', 'completed', 'failed', 'cancelled',
]
export type Comparison = NonNullable<Schemas['KpiReq']['comparison']>
export type Mode = Schemas['ChallengeDTO']['mode']

export type Amendment = Schemas['AmendmentDTO']
export type HistoryEntry = Schemas['HistoryDTO']
/** A challenge in full (GET /challenges/{id} and the answers of its actions). */
export type Challenge = Schemas['ChallengeDetailDTO']
/** A challenge as listed (GET /challenges): without the long texts, with `summary`. */
export type ChallengeSummary = Schemas['ChallengeSummaryDTO']

/**
 * FormOf<T> is the form model of a request body T: every field present, a number may be null while its input
 * is empty, lists are lists (never null), nested rows are form models too.
 */
export type FormOf<T> = { [K in keyof T]-?: FormValue<T[K]> }
type FormValue<V> =
  NonNullable<V> extends number
    ? number | null
    : NonNullable<V> extends (infer E)[]
      ? FormOf<E>[]
      : NonNullable<V> extends object
        ? FormOf<NonNullable<V>>
        : NonNullable<V>

/** A KPI row of the challenge form (KpiReq). */
/** `comparison` is '' until one is chosen: a KPI's comparison is chosen, never defaulted to ≥ silently. */
export type Kpi = Omit<FormOf<Schemas['KpiReq']>, 'comparison'> & { comparison: Comparison | '' }
/** A stage row of the challenge form (StageReq). */
export type Stage = FormOf<Schemas['StageReq']>
/** The writable part of a challenge as a form (ChallengeReq); `field` is '' until one is chosen. */
export type ChallengeInput = Omit<FormOf<Schemas['ChallengeReq']>, 'field' | 'kpis' | 'call_id'> & { field: FieldCode | ''; kpis: Kpi[] }

export interface ChallengeQuery {
  status?: string
  field?: string
  mode?: string
  q?: string
  scope?: 'mine'
  /** only the challenges of this call (申报批次) */
  call_id?: number
  page?: number
  page_size?: number
}

export type BidStatus = Schemas['BidDTO']['status']
export const BID_STATUSES: BidStatus[] = ['draft', 'submitted', 'withdrawn', 'eligible', 'ineligible', 'selected', 'not_selected', 'cancelled']

/** A partner row of the bid form (BidPartnerDTO). */
export type Partner = FormOf<Schemas['BidPartnerDTO']>
/** A member row of the bid form (BidMemberDTO). */
export type Member = FormOf<Schemas['BidMemberDTO']>
/** A stage plan row of the bid form (BidStageDTO). */
export type PlanEntry = Omit<FormOf<Schemas['BidStageDTO']>, 'stage'> & { stage: number }
/** A budget line of the bid form (BidBudgetDTO). */
export type BudgetLine = FormOf<Schemas['BidBudgetDTO']>
export type Receipt = Schemas['BidReceiptDTO']
/** A file attached to a bid or to a racer's stage report (the fields both share). */
export type Attachment = Schemas['BidAttachmentDTO']
export type PrecheckItem = Schemas['BidCheckDTO']
export type Bid = Schemas['BidDTO']
/** Where a team's organisation and PI stand against the limits (限项) on a challenge. */
export type BidQuota = Schemas['BidQuotaDTO']
/** The writable part of a bid as a form (BidPatchReq). */
export type BidInput = Omit<FormOf<Schemas['BidPatchReq']>, 'plan'> & { plan: PlanEntry[] }
export type BidVersion = Schemas['BidVersionDTO']

/** An industry field as the bureau keeps it (GET /meta/fields). */
export type FieldMeta = Schemas['FieldDTO']
