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

/**
 * Awaits a typed-client call and returns its data, throwing ApiError on a non-2xx answer like request(). A
 * network failure arrives as authedFetch's ApiError (with the request's id, its reference) and is kept as is.
 */
export async function call<T>(p: Promise<FetchResult<T>>): Promise<T> {
  let r: FetchResult<T>
  try {
    r = await p
  } catch (e) {
    if (e instanceof ApiError || (e as Error)?.name === 'AbortError') throw e
    throw new ApiError(0, { code: 'network_error', message: 'Network error, please try again' })
  }
  if (!r.response.ok) {
    const body = (r.error as { error?: ApiErrorBody } | undefined)?.error
    const ra = r.response.headers.get('Retry-After')
    throw new ApiError(r.response.status, body, ra ? Number(ra) : undefined)
  }
  return r.data as T
}

/**
 * Awaits a list answer (a ListResp* or items schema) and returns it with `items` present: the document marks
 * every list nullable, the views iterate it.
 */
export async function list<R extends { items?: unknown[] | null }>(
  p: Promise<FetchResult<R>>,
): Promise<Omit<R, 'items'> & { items: NonNullable<R['items']> }> {
  const r = await call(p)
  return { ...r, items: (r.items ?? []) as NonNullable<R['items']> }
}

/**
 * The options of an upload through the typed client: a multipart body with the one `file` part the upload
 * endpoints take (FormDataUploadForm), sent as FormData so the browser sets the boundary.
 */
export function fileBody(file: File): { body: { file: string }; bodySerializer: () => FormData } {
  return {
    body: { file: file.name },
    bodySerializer: () => {
      const fd = new FormData()
      fd.append('file', file, file.name)
      return fd
    },
  }
}

/**
 * A query without its empty fields: a filter left blank ('' from a select, null) is not sent, as request()
 * does, rather than sent empty (which the server would check against the parameter's enum).
 */
export function query<Q extends object>(q: Q): Q {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== null && v !== '') out[k] = v
  return out as Q
}

/** T with the lists named by K present (not null): see filled. */
export type Filled<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> }

/**
 * Fills the named list fields of an answer with [] where the server sent null or nothing (a Go nil slice):
 * the document marks every list nullable, and the pages iterate them.
 */
export function filled<T extends object, K extends keyof T>(v: T, ...keys: K[]): Filled<T, K> {
  const out = { ...v } as Record<PropertyKey, unknown>
  for (const k of keys) out[k] ??= []
  return out as Filled<T, K>
}
