import createClient from 'openapi-fetch'
import { authedFetch } from './client'
import { ApiError, type ApiErrorBody } from './error'
import type { components, paths } from './schema'

/**
 * The typed client generated from the served OpenAPI document (schema.d.ts, `make api-types`): paths, bodies
 * and answers are checked by the compiler, so the UI cannot drift from the server. New API modules use it;
 * older ones move over one at a time, keeping their exports.
 */
export const typedClient = createClient<paths>({ baseUrl: '', fetch: authedFetch })

/** The document's component schemas, e.g. Schemas['ChallengeDTO']. */
export type Schemas = components['schemas']

interface FetchResult<T> {
  data?: T
  error?: unknown
  response: Response
}

/** Awaits a typed-client call and returns its data, throwing ApiError on a non-2xx answer like request(). */
export async function call<T>(p: Promise<FetchResult<T>>): Promise<T> {
  let r: FetchResult<T>
  try {
    r = await p
  } catch (e) {
    if ((e as Error)?.name === 'AbortError') throw e
    throw new ApiError(0, { code: 'network_error', message: 'Network error, please try again' })
  }
  if (!r.response.ok) {
    const body = (r.error as { error?: ApiErrorBody } | undefined)?.error
    const ra = r.response.headers.get('Retry-After')
    throw new ApiError(r.response.status, body, ra ? Number(ra) : undefined)
  }
  return r.data as T
}
