import { describe, expect, it, vi } from 'vitest'
import { mount } from '@vue/test-utils'
import { defineComponent } from 'vue'
import type { Attachment } from '@/api/types'
import { useAttachments, type AttachmentApi } from '@/composables/useAttachments'
import { plugins } from './helpers'

const ui = vi.hoisted(() => ({ error: vi.fn(), success: vi.fn(), confirm: vi.fn() }))
vi.mock('@/plugins/ui', () => ({ ElMessage: { error: ui.error, success: ui.success }, ElMessageBox: { confirm: ui.confirm } }))
const download = vi.hoisted(() => vi.fn(async () => {}))
vi.mock('@/api/client', () => ({ downloadFile: download }))

const att = (id: number, filename: string): Attachment => ({ id, filename, size: 10, content_type: 'application/pdf', sha256: 'x', uploaded_at: '2026-11-02T01:00:00Z' }) as Attachment

function setup(api: AttachmentApi, maxBytes?: number) {
  let out!: ReturnType<typeof useAttachments>
  mount(
    defineComponent({
      setup() {
        out = useAttachments(api, { maxBytes })
        return () => null
      },
    }),
    { global: { plugins: plugins() } },
  )
  return out
}

function fakeApi(): AttachmentApi & { upload: ReturnType<typeof vi.fn>; remove: ReturnType<typeof vi.fn> } {
  let n = 0
  return {
    upload: vi.fn(async (f: File) => att(++n, f.name)),
    remove: vi.fn(async () => {}),
    path: (id: number) => `/bids/1/attachments/${id}`,
  }
}

describe('useAttachments', () => {
  it('uploads and lists, refusing a file over the limit without sending it', async () => {
    const api = fakeApi()
    const a = setup(api, 5)
    expect(await a.upload(new File(['123'], '方案.pdf'))).toBe(true)
    expect(await a.upload(new File(['123456'], '太大.pdf'))).toBe(false)
    expect(api.upload).toHaveBeenCalledTimes(1)
    expect(a.items.value.map((x) => x.filename)).toEqual(['方案.pdf'])
    expect(ui.error).toHaveBeenCalled()
  })

  it('reports a refused upload and keeps the list', async () => {
    const api = fakeApi()
    api.upload.mockRejectedValueOnce(new Error('每份申报最多 30 个附件'))
    const a = setup(api)
    expect(await a.httpRequest({ file: new File(['1'], 'a.pdf') })).toBe(false)
    expect(ui.error).toHaveBeenCalledWith('每份申报最多 30 个附件')
    expect(a.items.value).toHaveLength(0)
    expect(a.uploading.value).toBe(0)
  })

  it('removes only after a confirmation', async () => {
    const api = fakeApi()
    const a = setup(api)
    a.items.value = [att(1, 'a.pdf'), att(2, 'b.pdf')]
    ui.confirm.mockRejectedValueOnce('cancel')
    expect(await a.remove(a.items.value[0])).toBe(false)
    expect(api.remove).not.toHaveBeenCalled()
    ui.confirm.mockResolvedValueOnce('confirm')
    expect(await a.remove(a.items.value[0])).toBe(true)
    expect(api.remove).toHaveBeenCalledWith(1)
    expect(a.items.value.map((x) => x.id)).toEqual([2])
  })

  it('downloads through the authenticated path', async () => {
    const a = setup(fakeApi())
    expect(await a.download(att(7, '报告.pdf'))).toBe(true)
    expect(download).toHaveBeenCalledWith('/bids/1/attachments/7', '报告.pdf')
  })
})
