import { ApiError, type ApiErrorBody } from './error'

/**
 * A small typed fetch wrapper for /api/v1. It sends the bearer token and the
 * current locale, parses the error shape into ApiError, and on a 401 tries one
 * token refresh (shared by concurrent requests, since refresh tokens rotate)
 * before giving up and calling the unauthenticated handler.
 */
export interface ClientHooks {
  /** The current access token, if any. */
  getAccessToken(): string | null
  /** The current locale for Accept-Language. */
  getLocale(): string
  /** Tries to obtain a new access token; resolves true on success. */
  refresh(): Promise<boolean>
  /** Called when the session is definitely gone (refresh failed). */
  onUnauthenticated(): void
}

let hooks: ClientHooks = {
  getAccessToken: () => null,
  getLocale: () => 'zh-CN',
  refresh: async () => false,
  onUnauthenticated: () => {},
}

export function configureClient(h: Partial<ClientHooks>): void {
  hooks = { ...hooks, ...h }
}

export const API_BASE = '/api/v1'

type Query = Record<string, string | number | boolean | null | undefined>

export interface RequestOptions {
  query?: Query
  body?: unknown
  /** multipart/form-data body (uploads) */
  form?: FormData
  /** do not try a refresh on 401 (auth endpoints) */
  noRefresh?: boolean
  /** do not send the access token */
  anonymous?: boolean
  signal?: AbortSignal
}

export function buildUrl(path: string, query?: Query): string {
  let url = path.startsWith('/api/') ? path : API_BASE + path
  if (query) {
    const qs = new URLSearchParams()
    for (const [k, v] of Object.entries(query)) {
      if (v !== undefined && v !== null && v !== '') qs.set(k, String(v))
    }
    const s = qs.toString()
    if (s) url += (url.includes('?') ? '&' : '?') + s
  }
  return url
}

/**
 * A fresh request id (16 hex digits), sent as X-Request-ID: the server logs the request under it and answers
 * with it, so a failure, even one whose answer never arrived, has a reference the user can quote (错误编号).
 */
export function newRequestId(): string {
  const b = new Uint8Array(8)
  crypto.getRandomValues(b)
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')
}

/** The ApiError of a request whose answer never arrived (status 0), carrying the id it was sent with. */
function networkError(requestId: string): ApiError {
  return new ApiError(
    0,
    { code: 'network_error', message: hooks.getLocale() === 'en' ? 'Network error, please try again' : '网络错误，请稍后重试' },
    undefined,
    requestId,
  )
}

async function doFetch(method: string, path: string, opts: RequestOptions, requestId = newRequestId()): Promise<Response> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': hooks.getLocale(),
    'X-Request-ID': requestId,
  }
  const token = opts.anonymous ? null : hooks.getAccessToken()
  if (token) headers.Authorization = 'Bearer ' + token
  let body: BodyInit | undefined
  if (opts.form) {
    body = opts.form
  } else if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json'
    body = JSON.stringify(opts.body)
  }
  try {
    return await fetch(buildUrl(path, opts.query), { method, headers, body, signal: opts.signal, credentials: 'same-origin' })
  } catch (e) {
    if ((e as Error)?.name === 'AbortError') throw e
    throw networkError(requestId)
  }
}

async function toError(res: Response): Promise<ApiError> {
  let body: { error?: ApiErrorBody } | undefined
  try {
    body = await res.json()
  } catch {
    body = undefined
  }
  const ra = res.headers.get('Retry-After')
  return new ApiError(res.status, body?.error, ra ? Number(ra) : undefined, res.headers.get('X-Request-ID') || undefined)
}

/**
 * Sends a prepared Request (the typed client's, see typed.ts) with the bearer token and the locale, refreshing
 * the session once on a 401 like request() does. A request whose answer never arrives fails with a network
 * ApiError carrying the id it was sent with, as request() does, so the failure has a reference.
 */
export async function authedFetch(req: Request): Promise<Response> {
  const retry = req.clone()
  const send = async (r: Request) => {
    const headers = new Headers(r.headers)
    const requestId = newRequestId()
    headers.set('Accept-Language', hooks.getLocale())
    headers.set('X-Request-ID', requestId)
    const token = hooks.getAccessToken()
    if (token) headers.set('Authorization', 'Bearer ' + token)
    try {
      return await fetch(new Request(r, { headers }))
    } catch (e) {
      if ((e as Error)?.name === 'AbortError') throw e
      throw networkError(requestId)
    }
  }
  let res = await send(req)
  if (res.status === 401) {
    if (await hooks.refresh()) res = await send(retry)
    if (res.status === 401) hooks.onUnauthenticated()
  }
  return res
}

/** Performs a request and returns the parsed JSON (undefined for 204). */
export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  let res = await doFetch(method, path, opts)
  if (res.status === 401 && !opts.noRefresh && !opts.anonymous) {
    const ok = await hooks.refresh()
    if (ok) res = await doFetch(method, path, opts)
    if (res.status === 401) hooks.onUnauthenticated()
  }
  if (!res.ok) throw await toError(res)
  if (res.status === 204) return undefined as T
  const text = await res.text()
  return (text ? JSON.parse(text) : undefined) as T
}

export const api = {
  get: <T>(path: string, query?: Query, opts: RequestOptions = {}) => request<T>('GET', path, { ...opts, query }),
  post: <T>(path: string, body?: unknown, opts: RequestOptions = {}) => request<T>('POST', path, { ...opts, body: body ?? {} }),
  patch: <T>(path: string, body?: unknown, opts: RequestOptions = {}) => request<T>('PATCH', path, { ...opts, body }),
  del: <T>(path: string, opts: RequestOptions = {}) => request<T>('DELETE', path, opts),
  upload: <T>(path: string, form: FormData, opts: RequestOptions = {}) => request<T>('POST', path, { ...opts, form }),
}

/**
 * Downloads a protected file (needs the bearer token, so a plain link will not do)
 * and hands it to the browser as a file save.
 */
export async function downloadFile(path: string, filename: string): Promise<void> {
  let res = await doFetch('GET', path, {})
  if (res.status === 401 && (await hooks.refresh())) res = await doFetch('GET', path, {})
  if (!res.ok) throw await toError(res)
  const blob = await res.blob()
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = filename
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
