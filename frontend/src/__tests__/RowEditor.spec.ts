import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import { h, nextTick } from 'vue'
import RowEditor from '@/components/RowEditor.vue'
import { ApiError } from '@/api/error'
import { FieldErrors } from '@/utils/errors'
import { plugins } from './helpers'

interface Line {
  item: string
  amount_fen: number | null
}
const rows: Line[] = [
  { item: '设备费', amount_fen: 100 },
  { item: '', amount_fen: null },
]
const columns = [
  { key: 'item', label: '科目' },
  { key: 'amount_fen', label: '金额' },
]

function mountEditor(props: Record<string, unknown>) {
  return mount(RowEditor, {
    props: { modelValue: rows, columns, path: 'budget', testId: 'budget', newRow: () => ({ item: '', amount_fen: null }), editable: true, ...props },
    slots: {
      'cell-item': ({ row, index }: { row: object; index: number }) => h('span', { 'data-test': 'item-' + index }, (row as Line).item),
      'cell-amount_fen': ({ row, index }: { row: object; index: number }) =>
        h('span', { 'data-test': 'amount-' + index }, String((row as Line).amount_fen)),
    },
    global: { plugins: plugins() },
  })
}

describe('RowEditor', () => {
  it('renders a numbered row per item through the cell slots', () => {
    const w = mountEditor({})
    expect(w.find('[data-test="item-0"]').text()).toBe('设备费')
    expect(w.find('[data-test="amount-1"]').text()).toBe('null')
    expect(w.findAll('.no').map((n) => n.text())).toEqual(['1', '2'])
  })

  it('adds and removes rows by emitting new arrays', async () => {
    const w = mountEditor({})
    await w.find('[data-test="budget-add"]').trigger('click')
    const added = w.emitted('update:modelValue')![0][0] as Line[]
    expect(added).toHaveLength(3)
    expect(added[2]).toEqual({ item: '', amount_fen: null })
    await w.find('[data-test="budget-remove-0"]').trigger('click')
    expect((w.emitted('update:modelValue')![1][0] as Line[]).map((r) => r.item)).toEqual([''])
    expect(rows).toHaveLength(2)
  })

  it('stops adding at the maximum and hides the buttons when not editable', async () => {
    const w = mountEditor({ max: 2 })
    expect(w.find('[data-test="budget-add"]').attributes('disabled')).toBeDefined()
    await w.find('[data-test="budget-add"]').trigger('click')
    expect(w.emitted('update:modelValue')).toBeUndefined()
    const ro = mountEditor({ editable: false })
    expect(ro.find('[data-test="budget-add"]').exists()).toBe(false)
    expect(ro.find('[data-test="budget-remove-0"]').exists()).toBe(false)
  })

  it('shows the server field errors beside their cells, rows and list', async () => {
    const fe = new FieldErrors()
    fe.set(
      new ApiError(422, {
        code: 'validation_failed',
        message: 'x',
        details: { fields: { 'budget[1].amount_fen': '金额须大于 0', 'budget.1.item': '科目为必填字段', 'budget[0]': '重复的科目', budget: '预算超出资助额度' } },
      }),
    )
    const w = mountEditor({ errors: fe })
    await nextTick()
    expect(w.find('[data-test="budget-amount_fen-error-1"]').text()).toBe('金额须大于 0')
    expect(w.find('[data-test="budget-item-error-1"]').text()).toBe('科目为必填字段')
    expect(w.find('[data-test="budget-item-error-0"]').exists()).toBe(false)
    expect(w.find('[data-test="budget-row-error-0"]').text()).toBe('重复的科目')
    expect(w.find('[data-test="budget-error"]').text()).toBe('预算超出资助额度')
  })
})

describe('RowEditor add button name', () => {
  it('keeps the data-test a page already gave its add button', async () => {
    const w = mountEditor({ addTestId: 'add-line' })
    expect(w.find('[data-test="budget-add"]').exists()).toBe(false)
    await w.find('[data-test="add-line"]').trigger('click')
    expect(w.emitted('update:modelValue')![0][0]).toHaveLength(3)
  })
})
