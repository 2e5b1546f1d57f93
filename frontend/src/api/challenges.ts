import type { operations } from './schema'
import type { ChallengeInput, ChallengeQuery } from './types'
import { call, list, query, typedClient, type Schemas } from './typed'

export type ValidateDecision = Schemas['ValidateReq']['decision']

/** The filters of GET /challenges as the document types them; the form's '' means "any" and is dropped. */
type ChallengeFilter = NonNullable<operations['getChallenges']['parameters']['query']>

/** The request body of a challenge form (the form's '' field is left out by utils/challenge.toBody). */
type Body = Partial<ChallengeInput> & { call_id?: number }
const req = (input: Body) => input as Schemas['ChallengeReq']

/** Challenges (榜单): listing, the owner's edits and the bureau's steps. */
export const challengesApi = {
  list: (q: ChallengeQuery) =>
    list(typedClient.GET('/api/v1/challenges', { params: { query: query(q) as ChallengeFilter } })),
  get: (id: number) => call(typedClient.GET('/api/v1/challenges/{id}', { params: { path: { id } } })),
  create: (input: Body) => call(typedClient.POST('/api/v1/challenges', { body: req(input) })),
  update: (id: number, input: Body) => call(typedClient.PATCH('/api/v1/challenges/{id}', { params: { path: { id } }, body: req(input) })),
  submit: (id: number) => call(typedClient.POST('/api/v1/challenges/{id}/submit', { params: { path: { id } } })),
  /** Deletes a draft that was never submitted (204). */
  remove: (id: number) => call(typedClient.DELETE('/api/v1/challenges/{id}', { params: { path: { id } } })),
  validate: (id: number, decision: ValidateDecision, opinion: string) =>
    call(typedClient.POST('/api/v1/challenges/{id}/validate', { params: { path: { id } }, body: { decision, opinion } })),
  publish: (id: number, bid_deadline: string) =>
    call(typedClient.POST('/api/v1/challenges/{id}/publish', { params: { path: { id } }, body: { bid_deadline } })),
  cancel: (id: number, reason: string) =>
    call(typedClient.POST('/api/v1/challenges/{id}/cancel', { params: { path: { id } }, body: { reason } })),
  amend: (id: number, content: string) =>
    call(typedClient.POST('/api/v1/challenges/{id}/amendments', { params: { path: { id } }, body: { content } })),
  bids: (id: number, query: { page?: number; page_size?: number } = {}) =>
    list(typedClient.GET('/api/v1/challenges/{id}/bids', { params: { path: { id }, query } })),
  closeBidding: (id: number) => call(typedClient.POST('/api/v1/challenges/{id}/close-bidding', { params: { path: { id } } })),
  /** The caller's organisation and PI (by default the caller) against the limits (限项); for a team. */
  bidQuota: (id: number, pi_email?: string) =>
    call(typedClient.GET('/api/v1/challenges/{id}/bid-quota', { params: { path: { id }, query: pi_email ? { pi_email } : {} } })),
  createBid: (id: number) => call(typedClient.POST('/api/v1/challenges/{id}/bids', { params: { path: { id } }, body: {} })),
}
