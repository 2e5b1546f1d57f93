import { api } from './client'
import type { FieldMeta } from './types'

export const metaApi = {
  fields: () => api.get<{ items: FieldMeta[] }>('/meta/fields', undefined, { anonymous: true }),
  assignments: () => api.get<{ items: unknown[]; total?: number }>('/me/assignments'),
}
