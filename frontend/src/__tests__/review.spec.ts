import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import { nextTick, ref } from 'vue'
import RubricEditor from '@/views/review/RubricEditor.vue'
import { DEFAULT_RUBRICS, identityCriterion, weighted, type Criterion } from '@/api/review'
import { plugins } from './helpers'

describe('review helpers', () => {
  it('computes the weighted score like the server', () => {
    // 85×0.40 + 70×0.25 + 90×0.20 + 60×0.15 = 78.5
    const r = DEFAULT_RUBRICS.bid_review
    expect(weighted(r, { 技术方案: 85, 团队实力: 70, 可行性与计划: 90, 预算合理性: 60 })).toBe(78.5)
    expect(weighted(r, { 技术方案: 100 })).toBe(40)
  })

  it('marks the criteria that need the team like the server (needs_identity)', () => {
    expect(DEFAULT_RUBRICS.bid_review.filter(identityCriterion).map((c) => c.name)).toEqual(['团队实力'])
    expect(identityCriterion({ name: '承担单位研究基础', weight: 10 })).toBe(true)
    expect(identityCriterion({ name: '团队协作安排', weight: 10, needs_identity: false })).toBe(false)
    expect(identityCriterion({ name: '创新性', weight: 10, needs_identity: true })).toBe(true)
  })

  it('default rubrics sum to 100', () => {
    for (const r of Object.values(DEFAULT_RUBRICS)) expect(r.reduce((s, c) => s + c.weight, 0)).toBe(100)
  })
})

describe('RubricEditor', () => {
  it('shows the weight total and flags a wrong one', async () => {
    const model = ref<Criterion[]>(DEFAULT_RUBRICS.bid_review.map((c) => ({ ...c })))
    const w = mount(RubricEditor, {
      props: { modelValue: model.value, 'onUpdate:modelValue': (v: Criterion[]) => (model.value = v) },
      global: { plugins: plugins() },
    })
    expect(w.find('[data-test="weight-sum"]').text()).toContain('100')
    expect(w.find('[data-test="weight-sum"]').classes()).toContain('ok')
    await w.find('[data-test="add-criterion"]').trigger('click')
    model.value[4].weight = 10
    await nextTick()
    expect(w.findAll('[data-test^="crit-name-"]')).toHaveLength(5)
    expect(w.find('[data-test="weight-sum"]').classes()).toContain('bad')
    expect(w.find('[data-test="weight-sum"]').text()).toContain('110')
  })
})

describe('RubricEditor in a double-blind round', () => {
  it('shows which criteria need the team and lets the bureau decide; a renamed criterion takes the default again', async () => {
    const model = ref<Criterion[]>(DEFAULT_RUBRICS.bid_review.map((c) => ({ ...c })))
    const w = mount(RubricEditor, {
      props: { modelValue: model.value, identity: true, 'onUpdate:modelValue': (v: Criterion[]) => (model.value = v) },
      global: { plugins: plugins() },
    })
    const box = (i: number) => w.find(`[data-test="crit-identity-${i}"] input`).element as HTMLInputElement
    expect(box(1).checked).toBe(true)
    expect(box(0).checked).toBe(false)
    await w.find('[data-test="crit-identity-1"] input').setValue(false)
    expect(model.value[1].needs_identity).toBe(false)
    await w.find('[data-test="crit-name-1"]').setValue('研究基础')
    expect(model.value[1].needs_identity).toBeUndefined()
    expect(box(1).checked).toBe(true)
  })
})
