import { watch } from 'vue'
import { t } from '@/i18n'
import type { BidInput, Challenge, ChallengeInput } from '@/api/types'
import { normaliseFieldPath } from '@/api/error'
import type { FieldErrors } from '@/utils/errors'

/**
 * Form helpers that keep a form honest with its user:
 *  - clearErrorsOnEdit: a server message beside a field goes away as soon as that field changes;
 *  - challengeMissing / bidMissing: the fields the server requires at submission, checked before asking "are
 *    you sure?", so a confirmation is only asked for a form that can be submitted. The server checks again
 *    (and more); these mirror its `required` rules only.
 */

/** The value at a request path (`plan[1].kpi_targets.效率`) inside obj, or undefined. */
export function valueAt(obj: unknown, path: string): unknown {
  const parts = normaliseFieldPath(path).match(/[^.[\]]+/g) || []
  let cur: unknown = obj
  for (const p of parts) {
    if (cur === null || typeof cur !== 'object') return undefined
    cur = (cur as Record<string, unknown>)[p]
  }
  return cur
}

/**
 * Drops a field's error when the user changes that field (or anything under it: a row's error goes when the
 * row changes). `form` returns the object whose paths the server's field errors name (the request body shape).
 */
export function clearErrorsOnEdit(errors: FieldErrors, form: () => unknown): void {
  let before = new Map<string, string>()
  const snap = () => {
    before = new Map(Object.keys(errors.map).map((k) => [k, JSON.stringify(valueAt(form(), k)) ?? '']))
  }
  // remember the values the messages were about whenever a new set of messages arrives
  watch(() => Object.keys(errors.map).join('|'), snap)
  watch(
    form,
    () => {
      for (const [k, v] of before) {
        if (!(k in errors.map)) continue
        if ((JSON.stringify(valueAt(form(), k)) ?? '') !== v) errors.drop(k)
      }
    },
    { deep: true },
  )
}

const blank = (s: string | null | undefined) => !s || !s.trim()

/** The challenge's missing required fields (path → message), as the server's submission check names them. */
export function challengeMissing(c: ChallengeInput | Challenge): Record<string, string> {
  const out: Record<string, string> = {}
  const req = t('common.requiredField')
  for (const k of ['title', 'field', 'background', 'problem', 'deliverables', 'ip_terms', 'eligibility'] as const) {
    if (blank(c[k] as string)) out[k] = req
  }
  if (!c.duration_months) out.duration_months = req
  if (!c.budget_fen) out.budget_fen = t('common.amountRequired')
  if (!c.gov_funding_fen) out.gov_funding_fen = t('common.amountRequired')
  if (!c.kpis?.length) out.kpis = t('challenge.kpisRequired')
  c.kpis?.forEach((k, i) => {
    if (blank(k.name)) out[`kpis[${i}].name`] = req
    if (k.target === null || k.target === undefined || (k.target as unknown) === '') out[`kpis[${i}].target`] = req
    if (blank(k.unit)) out[`kpis[${i}].unit`] = req
    if (blank(k.comparison)) out[`kpis[${i}].comparison`] = req
    if (blank(k.method)) out[`kpis[${i}].method`] = req
  })
  if (!c.stages?.length) out.stages = t('challenge.stagesRequired')
  return out
}

/** The bid's missing required fields (path → message) against its challenge's KPIs and stages. */
export function bidMissing(b: BidInput, challenge: Challenge | null): Record<string, string> {
  const out: Record<string, string> = {}
  const req = t('common.requiredField')
  if (blank(b.pi?.name)) out['pi.name'] = req
  if (blank(b.pi?.email)) out['pi.email'] = req
  b.partners?.forEach((p, i) => {
    if (blank(p.org_name)) out[`partners[${i}].org_name`] = req
    if (blank(p.credit_code)) out[`partners[${i}].credit_code`] = req
    if (blank(p.role)) out[`partners[${i}].role`] = req
  })
  b.members?.forEach((m, i) => {
    if (blank(m.name)) out[`members[${i}].name`] = req
  })
  if (blank(b.approach)) out.approach = req
  b.plan?.forEach((p, i) => {
    for (const k of challenge?.kpis ?? []) {
      const v = p.kpi_targets?.[k.name]
      if (v === null || v === undefined) out[`plan[${i}].kpi_targets.${k.name}`] = req
    }
    if (blank(p.deliverables)) out[`plan[${i}].deliverables`] = req
  })
  if (!b.budget?.length) out.budget = t('bid.budgetRequired')
  b.budget?.forEach((l, i) => {
    if (blank(l.item)) out[`budget[${i}].item`] = req
  })
  if (!b.commitment_signed) out.commitment_signed = t('bid.mustSignCommitment')
  if (!b.integrity_pledge_signed) out.integrity_pledge_signed = t('bid.mustSignPledge')
  return out
}
