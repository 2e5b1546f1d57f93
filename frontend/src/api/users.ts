import type { Page, User } from './types'
import { call, typedClient } from './typed'

// Typed from the OpenAPI document (see orgs.ts).
export const usersApi = {
  list: async (q: { q?: string; page?: number; page_size?: number }): Promise<Page<User>> => {
    const r = await call(typedClient.GET('/api/v1/users', { params: { query: q } }))
    return { ...r, items: r.items ?? [] }
  },
  disable: (id: number): Promise<User> => call(typedClient.POST('/api/v1/users/{id}/disable', { params: { path: { id } } })),
  enable: (id: number): Promise<User> => call(typedClient.POST('/api/v1/users/{id}/enable', { params: { path: { id } } })),
}
