import type { CreditStatus, Org, OrgLookup, Page } from './types'
import { call, typedClient } from './typed'

// Typed from the OpenAPI document: the compiler checks paths, parameters and that the answers fit the
// hand-written shapes these functions keep returning.
export const orgsApi = {
  lookup: (credit_code: string): Promise<OrgLookup> =>
    call(typedClient.GET('/api/v1/orgs/lookup', { params: { query: { credit_code } } })),
  list: async (q: { verified?: boolean | ''; q?: string; page?: number; page_size?: number }): Promise<Page<Org>> => {
    const query = { ...q, verified: q.verified === '' ? undefined : q.verified }
    const r = await call(typedClient.GET('/api/v1/orgs', { params: { query } }))
    return { ...r, items: r.items ?? [] }
  },
  verify: (id: number): Promise<Org> => call(typedClient.POST('/api/v1/orgs/{id}/verify', { params: { path: { id } } })),
  setCredit: (id: number, credit_status: CreditStatus, reason: string): Promise<Org> =>
    call(typedClient.POST('/api/v1/orgs/{id}/credit', { params: { path: { id } }, body: { credit_status, reason } })),
}
