import { describe, expect, it } from 'vitest'
import { ApiError } from '@/api/error'
import { FieldErrors, rowErrors } from '@/utils/errors'

describe('rowErrors maps server field errors to rows', () => {
  const fields = {
    'kpis[1].target': '目标值为必填字段',
    'kpis.0.name': '名称过长',
    'kpis[1]': '该行有误',
    'plan[0].kpi_targets.推力': '须填写目标',
    'plan[0].deliverables': '须填写交付物',
    kpis: '至少一项',
    'kpis_extra[0].x': '别的列表',
    title: '标题为必填字段',
  }

  it('groups by row index and the path inside the row', () => {
    expect(rowErrors(fields, 'kpis')).toEqual({ 0: { name: '名称过长' }, 1: { target: '目标值为必填字段', '': '该行有误' } })
    expect(rowErrors(fields, 'plan')).toEqual({ 0: { 'kpi_targets.推力': '须填写目标', deliverables: '须填写交付物' } })
    expect(rowErrors(fields, 'budget')).toEqual({})
  })

  it('is what FieldErrors.rows gives for an API error', () => {
    const fe = new FieldErrors()
    fe.set(new ApiError(422, { code: 'validation_failed', message: 'x', details: { fields } }))
    expect(fe.rows('kpis')[1].target).toBe('目标值为必填字段')
    expect(fe.rows('kpis_extra')[0].x).toBe('别的列表')
    fe.clear()
    expect(fe.rows('kpis')).toEqual({})
  })
})
