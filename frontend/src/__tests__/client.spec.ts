import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { api, configureClient } from '@/api/client'
import { ApiError } from '@/api/error'
import { useAuthStore } from '@/stores/auth'

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

beforeEach(() => {
  setActivePinia(createPinia())
  localStorage.clear()
})
afterEach(() => vi.unstubAllGlobals())

describe('api client and session', () => {
  it('refreshes once on 401 (rotating the stored pair) and retries the request', async () => {
    const auth = useAuthStore()
    auth.accessToken = 'old'
    localStorage.setItem('jiebang.refresh_token', 'rt1')
    const unauth = vi.fn()
    configureClient({ getAccessToken: () => auth.accessToken, getLocale: () => 'en', refresh: () => auth.refresh(), onUnauthenticated: unauth })
    const calls: string[] = []
    vi.stubGlobal('fetch', vi.fn(async (url: string, init: RequestInit) => {
      const h = init.headers as Record<string, string>
      calls.push(`${init.method} ${url} ${h.Authorization ?? ''}`)
      expect(h['Accept-Language']).toBe('en')
      if (url === '/api/v1/auth/refresh') {
        expect(JSON.parse(init.body as string)).toEqual({ refresh_token: 'rt1' })
        return json(200, { access_token: 'new', refresh_token: 'rt2', expires_in: 900 })
      }
      return h.Authorization === 'Bearer new' ? json(200, { ok: true }) : json(401, { error: { code: 'invalid_token', message: 'expired' } })
    }))
    const [a, b] = await Promise.all([api.get<{ ok: boolean }>('/me'), api.get<{ ok: boolean }>('/orgs')])
    expect(a.ok && b.ok).toBe(true)
    expect(calls.filter((c) => c.includes('/auth/refresh'))).toHaveLength(1) // single flight: a reused token would revoke the family
    expect(localStorage.getItem('jiebang.refresh_token')).toBe('rt2')
    expect(auth.accessToken).toBe('new')
    expect(unauth).not.toHaveBeenCalled()
  })

  it('gives up when the refresh fails: forgets the token and reports the lost session', async () => {
    const auth = useAuthStore()
    auth.accessToken = 'old'
    localStorage.setItem('jiebang.refresh_token', 'rt1')
    const unauth = vi.fn()
    configureClient({ getAccessToken: () => auth.accessToken, refresh: () => auth.refresh(), onUnauthenticated: unauth })
    vi.stubGlobal('fetch', vi.fn(async (url: string) =>
      url === '/api/v1/auth/refresh'
        ? json(401, { error: { code: 'refresh_token_reused', message: 'reused' } })
        : json(401, { error: { code: 'invalid_token', message: 'expired' } })))
    await expect(api.get('/me')).rejects.toBeInstanceOf(ApiError)
    expect(unauth).toHaveBeenCalledTimes(1)
    expect(localStorage.getItem('jiebang.refresh_token')).toBeNull()
  })

  it('parses the error shape and builds query strings', async () => {
    configureClient({ getAccessToken: () => null, refresh: async () => false })
    const fetchMock = vi.fn(async (_url: string, _init?: RequestInit) => json(422, { error: { code: 'validation_failed', message: '提交的内容有误', details: { fields: { 'kpis.1.target': '必填' } } } }))
    vi.stubGlobal('fetch', fetchMock)
    const err = (await api.get('/challenges', { q: '储氢', status: '', page: 2 }).catch((e) => e)) as ApiError
    expect(fetchMock.mock.calls[0][0]).toBe('/api/v1/challenges?q=%E5%82%A8%E6%B0%A2&page=2')
    expect(err.status).toBe(422)
    expect(err.code).toBe('validation_failed')
    expect(err.fields).toEqual({ 'kpis[1].target': '必填' })
  })
})
