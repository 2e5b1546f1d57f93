import { api } from './client'
import type { FieldMeta } from './types'
import { call, typedClient } from './typed'

export const metaApi = {
  fields: async (): Promise<{ items: FieldMeta[] }> => {
    const r = await call(typedClient.GET('/api/v1/meta/fields'))
    return { items: (r.items ?? []) as FieldMeta[] }
  },
  assignments: () => api.get<{ items: unknown[]; total?: number }>('/me/assignments'),
}
