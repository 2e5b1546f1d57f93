import { describe, expect, it } from 'vitest'
import { ApiError, normaliseFieldPath } from '@/api/error'
import { FieldErrors, errorMessage, fieldErrorsOf } from '@/utils/errors'

const err = new ApiError(422, {
  code: 'validation_failed',
  message: '提交的内容有误',
  details: {
    fields: { 'kpis[1].target': '目标值为必填字段', 'kpis.0.name': '名称过长', title: '标题为必填字段', 'org.credit_code': '代码无效', 'stages[0]': '阶段有误' },
    field_codes: { 'kpis[1].target': 'required' },
  },
})

describe('error to field mapping', () => {
  it('extracts the message and field map', () => {
    expect(errorMessage(err)).toBe('提交的内容有误')
    expect(err.code).toBe('validation_failed')
    expect(fieldErrorsOf(err)['kpis[1].target']).toBe('目标值为必填字段')
    expect(fieldErrorsOf(new Error('x'))).toEqual({})
  })

  it('normalises dotted indices to brackets', () => {
    expect(normaliseFieldPath('kpis.1.target')).toBe('kpis[1].target')
    expect(normaliseFieldPath('kpis[1].target')).toBe('kpis[1].target')
    expect(normaliseFieldPath('plan.0.kpi_targets.推力')).toBe('plan[0].kpi_targets.推力')
    expect(normaliseFieldPath('title')).toBe('title')
  })

  it('finds messages for form items by path', () => {
    const fe = new FieldErrors()
    fe.set(err)
    expect(fe.get('kpis[1].target')).toBe('目标值为必填字段')
    expect(fe.get('kpis.1.target')).toBe('目标值为必填字段')
    expect(fe.get('kpis[0].name')).toBe('名称过长')
    expect(fe.get('kpis[0].target')).toBe('')
    expect(fe.get('org.credit_code')).toBe('代码无效')
    expect(fe.under('kpis')).toHaveLength(2)
    expect(fe.unclaimed(['kpis', 'title', 'org']).map(([k]) => k)).toEqual(['stages[0]'])
    fe.drop('title')
    expect(fe.get('title')).toBe('')
    fe.clear()
    expect(fe.any).toBe(false)
  })

  it('handles network errors', () => {
    const e = new ApiError(0, undefined)
    expect(e.code).toBe('network_error')
    expect(e.fields).toEqual({})
  })
})
