import { api } from './client'
import type { Amendment, Bid, Challenge, ChallengeInput, ChallengeQuery, ChallengeSummary, Page } from './types'

export type ValidateDecision = 'approve' | 'return' | 'reject'

export const challengesApi = {
  list: (q: ChallengeQuery) => api.get<Page<ChallengeSummary>>('/challenges', q as Record<string, string | number>),
  get: (id: number) => api.get<Challenge>(`/challenges/${id}`),
  create: (input: Partial<ChallengeInput>) => api.post<Challenge>('/challenges', input),
  update: (id: number, input: Partial<ChallengeInput>) => api.patch<Challenge>(`/challenges/${id}`, input),
  submit: (id: number) => api.post<Challenge>(`/challenges/${id}/submit`),
  /** Deletes a draft that was never submitted (204). */
  remove: (id: number) => api.del<void>(`/challenges/${id}`),
  validate: (id: number, decision: ValidateDecision, opinion: string) =>
    api.post<Challenge>(`/challenges/${id}/validate`, { decision, opinion }),
  publish: (id: number, bid_deadline: string) => api.post<Challenge>(`/challenges/${id}/publish`, { bid_deadline }),
  cancel: (id: number, reason: string) => api.post<Challenge>(`/challenges/${id}/cancel`, { reason }),
  amend: (id: number, content: string) => api.post<Amendment>(`/challenges/${id}/amendments`, { content }),
  bids: (id: number, q: { page?: number; page_size?: number } = {}) => api.get<Page<Bid> | { items: Bid[] }>(`/challenges/${id}/bids`, q),
  closeBidding: (id: number) => api.post<Challenge>(`/challenges/${id}/close-bidding`),
  createBid: (id: number) => api.post<Bid>(`/challenges/${id}/bids`, {}),
}
