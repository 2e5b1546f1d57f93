import { describe, expect, it } from 'vitest'
import { nextTick, ref } from 'vue'
import { ApiError } from '@/api/error'
import { useFieldErrors } from '@/utils/errors'
import { bidMissing, challengeMissing, clearErrorsOnEdit, valueAt } from '@/utils/formCheck'
import { setLocale } from '@/i18n'

describe('form checks', () => {
  it('finds values by request path', () => {
    const f = { plan: [{ kpi_targets: { 效率: 97 } }], pi: { name: '陈' } }
    expect(valueAt(f, 'plan[0].kpi_targets.效率')).toBe(97)
    expect(valueAt(f, 'pi.name')).toBe('陈')
    expect(valueAt(f, 'budget[2].item')).toBeUndefined()
  })

  it('drops a server message when its field changes, and only that one', async () => {
    const form = ref({ title: '', budget_fen: 2_000_000_000_000 as number | null, kpis: [{ name: 'a' }] })
    const errors = useFieldErrors()
    clearErrorsOnEdit(errors, () => form.value)
    errors.set(
      new ApiError(422, {
        code: 'validation_failed',
        message: '',
        details: { fields: { title: 'required', budget_fen: 'range', 'kpis[0].name': 'dup' } },
      }),
    )
    await nextTick()
    form.value.budget_fen = 8_000_000
    await nextTick()
    expect(errors.get('budget_fen')).toBe('')
    expect(errors.get('title')).toBe('required')
    form.value.kpis[0].name = 'b'
    await nextTick()
    expect(errors.get('kpis[0].name')).toBe('')
    expect(errors.get('title')).toBe('required')
  })

  it('names the fields the server requires at submission', () => {
    setLocale('zh-CN')
    const missing = challengeMissing({
      title: '电机', field: 'equipment', background: 'x', problem: 'y', kpis: [], deliverables: 'z', duration_months: 24,
      budget_fen: 1, gov_funding_fen: 1, cofunding_fen: 1, ip_terms: 'ip', eligibility: ' ', mode: 'single', max_racers: 1,
      stages: [{ name: '中期', offset_months: 12, funding_share_pct: 30, keep_top: null, min_score: 60 }],
    })
    expect(Object.keys(missing).sort()).toEqual(['eligibility', 'kpis'])
    expect(missing.eligibility).toBe('此项为必填项')
    const bm = bidMissing(
      { pi: { name: '陈', email: '' }, lead_share_pct: null, partners: [], members: [], approach: 'a', plan: [], budget: [], commitment_signed: true, integrity_pledge_signed: false },
      null,
    )
    expect(Object.keys(bm).sort()).toEqual(['budget', 'integrity_pledge_signed', 'pi.email'])
  })
})
