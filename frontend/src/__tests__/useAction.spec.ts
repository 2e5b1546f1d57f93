import { describe, expect, it, vi } from 'vitest'
import { ApiError } from '@/api/error'
import { useAction } from '@/composables/useAction'

vi.mock('@/utils/scroll', () => ({ scrollToFirstError: vi.fn(async () => {}) }))
const toast = vi.hoisted(() => vi.fn())
vi.mock('@/plugins/ui', () => ({ ElMessage: { error: toast, success: vi.fn() }, ElMessageBox: { confirm: vi.fn() } }))

const invalid = new ApiError(422, {
  code: 'validation_failed',
  message: '提交的内容有误',
  details: { fields: { 'partners[0].share_pct': '份额过大' } },
})

describe('useAction', () => {
  it('runs an action, marking the form busy while it runs', async () => {
    const a = useAction()
    let seenBusy = false
    const ok = await a.run(async () => {
      seenBusy = a.busy.value
    })
    expect(ok).toBe(true)
    expect(seenBusy).toBe(true)
    expect(a.busy.value).toBe(false)
    expect(a.error.value).toBe('')
  })

  it('shows the message and maps the field errors to rows on failure, clearing them on the next run', async () => {
    const a = useAction()
    const onError = vi.fn()
    expect(await a.run(() => Promise.reject(invalid), { onError })).toBe(false)
    expect(a.error.value).toBe('提交的内容有误')
    expect(a.errors.rows('partners')[0].share_pct).toBe('份额过大')
    expect(onError).toHaveBeenCalledWith(invalid)
    expect(a.busy.value).toBe(false)
    expect(await a.run(async () => {})).toBe(true)
    expect(a.error.value).toBe('')
    expect(a.errors.any).toBe(false)
  })

  it('can show the failure as a toast instead of a banner', async () => {
    const a = useAction()
    await a.run(() => Promise.reject(new ApiError(409, { code: 'invalid_transition', message: '当前状态不允许此操作' })), { show: 'toast' })
    expect(toast).toHaveBeenCalledWith('当前状态不允许此操作')
    expect(a.error.value).toBe('')
  })

  it('keeps the form busy until the outer of nested runs ends', async () => {
    const a = useAction()
    await a.run(async () => {
      await a.run(async () => {})
      expect(a.busy.value).toBe(true)
    })
    expect(a.busy.value).toBe(false)
  })
})

describe('useAction message', () => {
  it('says a failure the page its own way, keeping the server message where it has none', async () => {
    const a = useAction()
    const notFound = (e: unknown) => (e instanceof ApiError && e.status === 404 ? '不存在' : undefined)
    await a.run(() => Promise.reject(new ApiError(404, { code: 'not_found', message: 'not found' })), { message: notFound })
    expect(a.error.value).toBe('不存在')
    await a.run(() => Promise.reject(invalid), { message: notFound })
    expect(a.error.value).toBe('提交的内容有误')
    await a.run(() => Promise.reject(invalid), { show: 'toast', message: () => '份额过大' })
    expect(toast).toHaveBeenLastCalledWith('份额过大')
  })
})

describe('useAction fields', () => {
  it('leaves field messages beside their inputs and toasts only an error without them', async () => {
    const a = useAction()
    toast.mockReset()
    await a.run(() => Promise.reject(invalid), { show: 'fields' })
    expect(a.errors.rows('partners')[0].share_pct).toBe('份额过大')
    expect(toast).not.toHaveBeenCalled()
    expect(a.error.value).toBe('')
    await a.run(() => Promise.reject(new ApiError(409, { code: 'conflict', message: '已存在' })), { show: 'fields' })
    expect(toast).toHaveBeenCalledWith('已存在')
    expect(a.error.value).toBe('')
  })
})
