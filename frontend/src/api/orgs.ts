import { api } from './client'
import type { CreditStatus, Org, OrgLookup, Page } from './types'

export const orgsApi = {
  lookup: (credit_code: string) => api.get<OrgLookup>('/orgs/lookup', { credit_code }, { anonymous: true }),
  list: (q: { verified?: boolean | ''; q?: string; page?: number; page_size?: number }) =>
    api.get<Page<Org>>('/orgs', q as Record<string, string | number | boolean>),
  verify: (id: number) => api.post<Org>(`/orgs/${id}/verify`),
  setCredit: (id: number, credit_status: CreditStatus, reason: string) =>
    api.post<Org>(`/orgs/${id}/credit`, { credit_status, reason }),
}
