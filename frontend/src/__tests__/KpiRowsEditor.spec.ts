import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import { nextTick } from 'vue'
import KpiRowsEditor from '@/components/KpiRowsEditor.vue'
import type { Kpi } from '@/api/types'
import { ApiError } from '@/api/error'
import { FieldErrors } from '@/utils/errors'
import { plugins } from './helpers'

const rows: Kpi[] = [
  { name: '推力', target: 100, unit: 'kN', comparison: '>=', method: '台架试验' },
  { name: '重量', target: null, unit: 'kg', comparison: '<=', method: '称重' },
]

function mountEditor(modelValue: Kpi[], errors?: FieldErrors) {
  return mount(KpiRowsEditor, {
    props: { modelValue, errors, 'onUpdate:modelValue': () => {} },
    global: { plugins: plugins() },
  })
}

describe('KpiRowsEditor', () => {
  it('renders a row per KPI', () => {
    const w = mountEditor(rows)
    expect(w.findAll('[data-test^="kpi-row-"]')).toHaveLength(2)
    expect((w.find('input[data-test="kpi-name-0"]').element as HTMLInputElement).value).toBe('推力')
  })

  it('adds and removes rows immutably', async () => {
    const w = mountEditor(rows)
    await w.find('[data-test="kpi-add"]').trigger('click')
    const added = w.emitted('update:modelValue')![0][0] as Kpi[]
    expect(added).toHaveLength(3)
    expect(added[2]).toEqual({ name: '', target: null, unit: '', comparison: '', method: '' })
    await w.find('[data-test="kpi-remove-0"]').trigger('click')
    const removed = w.emitted('update:modelValue')![1][0] as Kpi[]
    expect(removed.map((r) => r.name)).toEqual(['重量'])
    expect(rows).toHaveLength(2)
  })

  it('emits edits of a cell', async () => {
    const w = mountEditor(rows)
    await w.find('input[data-test="kpi-unit-1"]').setValue('g')
    const out = w.emitted('update:modelValue')!.at(-1)![0] as Kpi[]
    expect(out[1].unit).toBe('g')
    expect(out[0]).toEqual(rows[0])
  })

  it('shows a server field error beside the right cell', async () => {
    const fe = new FieldErrors()
    fe.set(new ApiError(422, { code: 'validation_failed', message: 'x', details: { fields: { 'kpis[1].target': '目标值为必填字段' } } }))
    const w = mountEditor(rows, fe)
    await nextTick()
    expect(w.find('[data-test="kpi-target-error-1"]').text()).toBe('目标值为必填字段')
    expect(w.find('[data-test="kpi-target-error-0"]').exists()).toBe(false)
  })
})
