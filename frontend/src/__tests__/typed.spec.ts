import { afterEach, describe, expect, it, vi } from 'vitest'
import { configureClient } from '@/api/client'
import { ApiError } from '@/api/error'
import { call, typedClient } from '@/api/typed'

afterEach(() => vi.unstubAllGlobals())

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

describe('typed client', () => {
  it('sends the token and locale, refreshes once on 401, and returns the data', async () => {
    let token = 'old'
    configureClient({ getAccessToken: () => token, getLocale: () => 'en', refresh: async () => ((token = 'new'), true) })
    const seen: string[] = []
    vi.stubGlobal('fetch', vi.fn(async (req: Request) => {
      seen.push(`${req.method} ${new URL(req.url, 'http://x').pathname} ${req.headers.get('Authorization')} ${req.headers.get('Accept-Language')}`)
      return req.headers.get('Authorization') === 'Bearer new'
        ? json(200, { items: [{ code: 'ai', name_zh: '人工智能', name_en: 'AI' }] })
        : json(401, { error: { code: 'invalid_token', message: 'expired' } })
    }))
    const r = await call(typedClient.GET('/api/v1/meta/fields'))
    expect(r.items?.[0].code).toBe('ai')
    expect(seen).toEqual(['GET /api/v1/meta/fields Bearer old en', 'GET /api/v1/meta/fields Bearer new en'])
  })

  it('turns an error answer into ApiError with the field messages', async () => {
    configureClient({ getAccessToken: () => null, refresh: async () => false })
    vi.stubGlobal('fetch', vi.fn(async () =>
      json(422, { error: { code: 'validation_failed', message: 'bad', details: { fields: { 'kpis.1.target': 'required' } } } })))
    const err = await call(typedClient.POST('/api/v1/auth/login', { body: { email: 'a@b.c', password: 'x' } })).catch((e) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect(err.status).toBe(422)
    expect(err.fields).toEqual({ 'kpis[1].target': 'required' })
  })
})

describe('typed client network failure', () => {
  it('keeps the request id of a request whose answer never arrived as its reference', async () => {
    configureClient({ getAccessToken: () => null, getLocale: () => 'en', refresh: async () => false })
    let sent = ''
    vi.stubGlobal('fetch', vi.fn(async (req: Request) => {
      sent = req.headers.get('X-Request-ID') ?? ''
      throw new TypeError('Failed to fetch')
    }))
    const err = await call(typedClient.GET('/api/v1/meta/fields')).catch((e) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect(err.status).toBe(0)
    expect(err.code).toBe('network_error')
    expect(sent).toMatch(/^[0-9a-f]{16}$/)
    expect(err.reference).toBe(sent)
    expect(err.message).toBe('Network error, please try again')
  })
})
