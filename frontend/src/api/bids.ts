import { api, API_BASE } from './client'
import type { Attachment, Bid, BidInput, BidVersion, Page } from './types'

export const bidsApi = {
  get: (id: number) => api.get<Bid>(`/bids/${id}`),
  update: (id: number, input: Partial<BidInput>) => api.patch<Bid>(`/bids/${id}`, input),
  submit: (id: number) => api.post<Bid>(`/bids/${id}/submit`),
  withdraw: (id: number) => api.post<Bid>(`/bids/${id}/withdraw`),
  /** Deletes a bid that was never submitted (204). */
  remove: (id: number) => api.del<void>(`/bids/${id}`),
  versions: (id: number) => api.get<{ items: BidVersion[] }>(`/bids/${id}/versions`),
  mine: (q: { page?: number; page_size?: number } = {}) => api.get<Page<Bid> | { items: Bid[] }>('/me/bids', q),
  eligibility: (id: number, eligible: boolean, reason: string) =>
    api.post<Bid>(`/bids/${id}/eligibility`, { eligible, reason }),
  uploadAttachment: (id: number, file: File) => {
    const fd = new FormData()
    fd.append('file', file, file.name)
    return api.upload<Attachment>(`/bids/${id}/attachments`, fd)
  },
  deleteAttachment: (id: number, aid: number) => api.del<void>(`/bids/${id}/attachments/${aid}`),
  attachmentPath: (id: number, aid: number) => `${API_BASE}/bids/${id}/attachments/${aid}`,
}
