import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { nextTick } from 'vue'
import ReasonDialog from '@/components/ReasonDialog.vue'
import { ApiError } from '@/api/error'
import { plugins } from './helpers'

const ids = { dialog: 'x-dialog', text: 'x-text', confirm: 'x-confirm' }
const q = <T extends Element>(s: string) => document.body.querySelector<T>(s)

function mountDialog(submit: (text: string) => Promise<unknown>, extra: Record<string, unknown> = {}) {
  const w = mount(ReasonDialog, {
    props: { modelValue: false, title: 'T', label: 'L', testIds: ids, submit, errorField: 'reason', ...extra },
    global: { plugins: plugins() },
    attachTo: document.body,
  })
  w.setProps({ 'onUpdate:modelValue': (v: boolean) => w.setProps({ modelValue: v }) } as never)
  return w
}

/** The message the form item shows beside the text. */
const errorOf = (w: ReturnType<typeof mountDialog>) => w.findComponent({ name: 'ElFormItem' }).props('error')

async function openAndType(w: ReturnType<typeof mountDialog>, text: string) {
  await w.setProps({ modelValue: true })
  await flushPromises()
  const ta = q<HTMLTextAreaElement>(`textarea[data-test="${ids.text}"]`)!
  ta.value = text
  ta.dispatchEvent(new Event('input'))
  await nextTick()
}

afterEach(() => {
  document.body.innerHTML = ''
})

describe('ReasonDialog', () => {
  it('requires the text and submits it trimmed, then closes', async () => {
    const submit = vi.fn().mockResolvedValue(undefined)
    const w = mountDialog(submit)
    await openAndType(w, '   ')
    q<HTMLElement>(`[data-test="${ids.confirm}"]`)!.click()
    await flushPromises()
    expect(submit).not.toHaveBeenCalled()
    expect(errorOf(w)).toBe('必填')
    expect(q('.el-form-item.is-error')).not.toBeNull()
    await openAndType(w, '  理由  ')
    q<HTMLElement>(`[data-test="${ids.confirm}"]`)!.click()
    await flushPromises()
    expect(submit).toHaveBeenCalledWith('理由')
    expect(w.props('modelValue')).toBe(false)
  })

  it('shows the server field message and stays open', async () => {
    const err = new ApiError(422, { code: 'validation_failed', message: '提交的内容有误', details: { fields: { reason: '理由过长' } } })
    const w = mountDialog(() => Promise.reject(err))
    await openAndType(w, '理由')
    q<HTMLElement>(`[data-test="${ids.confirm}"]`)!.click()
    await flushPromises()
    expect(errorOf(w)).toBe('理由过长')
    expect(w.props('modelValue')).toBe(true)
  })

  it('allows an empty text when not required', async () => {
    const submit = vi.fn().mockResolvedValue(undefined)
    const w = mountDialog(submit, { required: false })
    await openAndType(w, '')
    q<HTMLElement>(`[data-test="${ids.confirm}"]`)!.click()
    await flushPromises()
    expect(submit).toHaveBeenCalledWith('')
  })
})
