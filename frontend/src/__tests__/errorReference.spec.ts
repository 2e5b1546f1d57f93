import { afterEach, describe, expect, it, vi } from 'vitest'
import { api, configureClient } from '@/api/client'
import { ApiError } from '@/api/error'
import { useAction } from '@/composables/useAction'
import { setLocale } from '@/i18n'
import { errorMessage } from '@/utils/errors'

vi.mock('@/utils/scroll', () => ({ scrollToFirstError: vi.fn(async () => {}) }))
const toast = vi.hoisted(() => vi.fn())
vi.mock('@/plugins/ui', () => ({ ElMessage: { error: toast, success: vi.fn() }, ElMessageBox: { confirm: vi.fn() } }))

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } })
}

/** Stubs fetch with answer, recording the X-Request-ID of each request sent. */
function stubFetch(answer: (id: string) => Response | Promise<Response>): string[] {
  const sent: string[] = []
  vi.stubGlobal('fetch', vi.fn(async (_url: string, init: RequestInit) => {
    const id = (init.headers as Record<string, string>)['X-Request-ID']
    sent.push(id)
    return answer(id)
  }))
  return sent
}

async function failure(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError)
    return e as ApiError
  }
  throw new Error('the request did not fail')
}

afterEach(() => {
  vi.unstubAllGlobals()
  setLocale('zh-CN')
  toast.mockReset()
})

describe('error reference (错误编号)', () => {
  it('shows a 500 with the request id the server logged it under', async () => {
    configureClient({ getLocale: () => 'zh-CN' })
    const sent = stubFetch((id) =>
      json(500, { error: { code: 'internal', message: '服务器内部错误，请稍后再试', request_id: id } }, { 'X-Request-ID': id }),
    )
    const e = await failure(api.get('/challenges/7'))
    expect(sent[0]).toMatch(/^[0-9a-f]{16}$/)
    expect(e.reference).toBe(sent[0])
    expect(errorMessage(e)).toBe(`服务器内部错误，请稍后再试（错误编号：${sent[0]}）`)

    setLocale('en')
    expect(errorMessage(new ApiError(502, { code: 'internal', message: 'internal error, please retry later', request_id: 'ab12' }))).toBe(
      'internal error, please retry later (Error reference: ab12)',
    )
  })

  it('takes the reference from the X-Request-ID header of an answer without a body (a proxy 502)', async () => {
    stubFetch((id) => new Response('Bad Gateway', { status: 502, headers: { 'X-Request-ID': id } }))
    const e = await failure(api.get('/me'))
    expect(errorMessage(e)).toContain(`错误编号：${e.requestId}`)
    expect(e.requestId).toMatch(/^[0-9a-f]{16}$/)
  })

  it('gives a network failure the id the request was sent with', async () => {
    configureClient({ getLocale: () => 'zh-CN' })
    const sent = stubFetch(() => Promise.reject(new TypeError('Failed to fetch')))
    const e = await failure(api.post('/challenges', { title: 'x' }))
    expect(e.status).toBe(0)
    expect(errorMessage(e)).toBe(`网络错误，请稍后重试（错误编号：${sent[0]}）`)
  })

  it('leaves the user’s own errors (4xx) as the server explains them', async () => {
    stubFetch((id) => json(404, { error: { code: 'not_found', message: '未找到' } }, { 'X-Request-ID': id }))
    const e = await failure(api.get('/challenges/999'))
    expect(e.requestId).toBeTruthy()
    expect(e.reference).toBeUndefined()
    expect(errorMessage(e)).toBe('未找到')
  })

  it('puts the reference in the message a failed action shows', async () => {
    const boom = new ApiError(500, { code: 'internal', message: '服务器内部错误，请稍后再试', request_id: 'c0ffee00c0ffee00' })
    const a = useAction()
    expect(await a.run(() => Promise.reject(boom))).toBe(false)
    expect(a.error.value).toBe('服务器内部错误，请稍后再试（错误编号：c0ffee00c0ffee00）')
    expect(await a.run(() => Promise.reject(boom), { show: 'toast' })).toBe(false)
    expect(toast).toHaveBeenCalledWith('服务器内部错误，请稍后再试（错误编号：c0ffee00c0ffee00）')
  })
})
