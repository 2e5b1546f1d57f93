import type { FieldMeta } from './types'
import { list, typedClient } from './typed'

/** Reference data every page may need. */
export const metaApi = {
  fields: (): Promise<{ items: FieldMeta[] }> => list(typedClient.GET('/api/v1/meta/fields')),
  assignments: () => list(typedClient.GET('/api/v1/me/assignments')),
}
