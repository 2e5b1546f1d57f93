import type { Challenge, ChallengeInput, Comparison, FieldCode, Kpi, Stage } from '@/api/types'
import { t } from '@/i18n'

/** The default stage plan of the process: 中期 at half the duration (rounded up) 30%, 验收 at the end 30%. */
export function defaultStages(durationMonths: number | null | undefined): Stage[] {
  const d = durationMonths && durationMonths > 0 ? Math.floor(durationMonths) : 24
  const mid = Math.max(1, Math.ceil(d / 2))
  const stages: Stage[] = [{ name: '中期', offset_months: mid, funding_share_pct: 30, keep_top: null, min_score: 60 }]
  stages.push({ name: '验收', offset_months: d, funding_share_pct: 30, keep_top: null, min_score: 60 })
  return stages
}

/** The sign of a KPI comparison as shown to people (≥, ≤, =). */
export function kpiCmp(cmp: string | undefined): string {
  return cmp === '>=' ? '≥' : cmp === '<=' ? '≤' : '='
}

/**
 * A KPI value as shown to people: at most 12 significant digits, so a target computed or typed as
 * 0.4 - 0.1 shows as 0.3, not 0.30000000000000004; integers and ordinary decimals are unchanged.
 */
export function kpiValue(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—'
  return String(Number(v.toPrecision(12)))
}

/** A stage's KPI targets as one line: "额定寿命 8000；传动精度 30". */
export function kpiTargetsLine(targets: Record<string, number> | null | undefined): string {
  return Object.entries(targets ?? {}).map(([k, v]) => k + ' ' + kpiValue(v)).join('；')
}

export function emptyKpi(): Kpi {
  return { name: '', target: null, unit: '', comparison: '', method: '' }
}

/** A blank challenge form with sensible defaults. */
export function blankChallenge(): ChallengeInput {
  return {
    title: '',
    field: '',
    background: '',
    problem: '',
    kpis: [emptyKpi()],
    deliverables: '',
    duration_months: 24,
    budget_fen: null,
    gov_funding_fen: null,
    cofunding_fen: null,
    ip_terms: '',
    eligibility: '',
    mode: 'single',
    max_racers: 1,
    stages: defaultStages(24),
  }
}

/** Copies the writable fields of a challenge into a form model. */
export function toInput(c: Challenge): ChallengeInput {
  return {
    title: c.title ?? '',
    // the response gives field and comparison as plain strings; the request takes the enums they are
    field: (c.field ?? '') as FieldCode | '',
    background: c.background ?? '',
    problem: c.problem ?? '',
    kpis: (c.kpis ?? []).map((k) => ({ ...k, comparison: k.comparison as Comparison })),
    deliverables: c.deliverables ?? '',
    duration_months: c.duration_months || null,
    budget_fen: c.budget_fen ?? null,
    gov_funding_fen: c.gov_funding_fen ?? null,
    cofunding_fen: c.cofunding_fen ?? null,
    ip_terms: c.ip_terms ?? '',
    eligibility: c.eligibility ?? '',
    mode: c.mode ?? 'single',
    max_racers: c.max_racers ?? (c.mode === 'race' ? 3 : 1),
    stages: (c.stages ?? []).map((s) => ({ ...s })),
  }
}

/** The request body: trims text and drops fully empty KPI rows. */
export function toBody(f: ChallengeInput): Partial<ChallengeInput> {
  const body: Partial<ChallengeInput> = {
    ...f,
    title: f.title.trim(),
    // a comparison not chosen yet is left out (a draft may lack it; submitting requires it)
    kpis: f.kpis
      .filter((k) => k.name.trim() || k.target !== null || k.unit.trim() || k.method.trim() || k.comparison)
      .map((k) => (k.comparison ? k : (({ comparison: _c, ...rest }) => rest)(k) as Kpi)),
    max_racers: f.mode === 'single' ? 1 : f.max_racers,
  }
  if (!body.field) delete body.field
  return body
}

export function isOwner(c: Challenge, user: { role: string; org: { id: number } | null } | null): boolean {
  return !!user && user.role === 'enterprise' && !!user.org && user.org.id === c.org_id
}

/** The name of who did a history step, with the scheduler's sentinel name ("system") said in the user's language. */
export function historyActor(name: string | null | undefined): string {
  if (!name) return ''
  return name === 'system' ? t('challenge.actorSystem') : name
}
