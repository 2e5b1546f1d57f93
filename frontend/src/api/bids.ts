import type { Bid, BidInput } from './types'
import { call, list, typedClient, type Schemas } from './typed'

/** Bids (揭榜申报); their files are in attachments.ts. */
export const bidsApi = {
  get: (id: number) => call(typedClient.GET('/api/v1/bids/{id}', { params: { path: { id } } })),
  update: (id: number, input: Partial<BidInput>): Promise<Bid> =>
    call(typedClient.PATCH('/api/v1/bids/{id}', { params: { path: { id } }, body: input as Schemas['BidPatchReq'] })),
  submit: (id: number) => call(typedClient.POST('/api/v1/bids/{id}/submit', { params: { path: { id } } })),
  withdraw: (id: number) => call(typedClient.POST('/api/v1/bids/{id}/withdraw', { params: { path: { id } } })),
  /** Deletes a bid that was never submitted (204). */
  remove: (id: number) => call(typedClient.DELETE('/api/v1/bids/{id}', { params: { path: { id } } })),
  versions: (id: number) => list(typedClient.GET('/api/v1/bids/{id}/versions', { params: { path: { id } } })),
  mine: (query: { page?: number; page_size?: number } = {}) => list(typedClient.GET('/api/v1/me/bids', { params: { query } })),
  eligibility: (id: number, eligible: boolean, reason: string) =>
    call(typedClient.POST('/api/v1/bids/{id}/eligibility', { params: { path: { id } }, body: { eligible, reason } })),
  /** Asks a submitted bid for correction (补正) after bidding closed (bureau). */
  requestCorrection: (id: number, body: Schemas['BidCorrectionReq']) =>
    call(typedClient.POST('/api/v1/bids/{id}/correction', { params: { path: { id } }, body })),
  /** Closes the bid's pending correction as corrected (bureau). */
  closeCorrection: (id: number) => call(typedClient.POST('/api/v1/bids/{id}/correction/close', { params: { path: { id } } })),
}
