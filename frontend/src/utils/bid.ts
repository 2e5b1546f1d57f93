import type { Bid, BidInput, Challenge, PlanEntry } from '@/api/types'
import { t } from '@/i18n'

/** Builds the per-stage plan rows for a challenge, keeping what the bid already has. */
export function planFor(challenge: Challenge, existing: (PlanEntry | NonNullable<Bid['plan']>[number])[] | null | undefined): PlanEntry[] {
  const stages = challenge.stages ?? []
  return stages.map((_, i) => {
    const n = i + 1
    const old = (existing ?? []).find((p) => p.stage === n)
    const targets: Record<string, number | null> = {}
    for (const k of challenge.kpis ?? []) targets[k.name] = old?.kpi_targets?.[k.name] ?? null
    return { stage: n, kpi_targets: targets, deliverables: old?.deliverables ?? '' }
  })
}

/**
 * What the challenge's own plan fixes for stage i (1-based in the text): its due month and funding share, as the
 * bid editor shows it beside the stage's targets ("第 12 个月到期 · 拨付财政资金的 30%"); empty when unknown.
 */
export function stageTerms(challenge: Challenge | null | undefined, i: number): string {
  const s = challenge?.stages?.[i]
  if (!s || !s.offset_months) return ''
  return t('bid.stageTerms', { n: s.offset_months, pct: s.funding_share_pct ?? 0 })
}

/** The writable part of a bid, deep-copied for a form. */
export function bidToInput(b: Bid, challenge: Challenge | null): BidInput {
  const partnerShare = (b.partners ?? []).reduce((s, p) => s + (p.share_pct ?? 0), 0)
  // a lead share equal to what the server derives (100 minus the partners) is shown as "automatic"
  const lead = b.lead_share_pct ?? null
  return {
    pi: { name: b.pi?.name ?? '', email: b.pi?.email ?? '' },
    lead_share_pct: lead !== null && lead === 100 - partnerShare ? null : lead,
    partners: (b.partners ?? []).map((p) => ({ ...p })),
    members: (b.members ?? []).map((m) => ({ ...m })),
    approach: b.approach ?? '',
    plan: challenge ? planFor(challenge, b.plan) : (b.plan ?? []).map((p) => ({ ...p, kpi_targets: { ...p.kpi_targets } })),
    budget: (b.budget ?? []).map((x) => ({ ...x })),
    commitment_signed: !!b.commitment_signed,
    integrity_pledge_signed: !!b.integrity_pledge_signed,
  }
}

/** Request body: leaves out an empty lead share (server derives it) and fully empty rows. */
export function bidBody(f: BidInput): Partial<BidInput> {
  const body: Partial<BidInput> = {
    ...f,
    members: f.members.filter((m) => m.name.trim() || m.role.trim()),
    budget: f.budget.filter((x) => x.item.trim() || x.amount_fen !== null),
    partners: f.partners.filter((p) => p.org_name.trim() || p.credit_code.trim() || p.role.trim() || p.share_pct !== null),
  }
  if (f.lead_share_pct === null) delete body.lead_share_pct
  return body
}

export const MAX_PARTNERS = 4

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`
  return `${(n / 1024 / 1024).toFixed(1)} MB`
}

/** A bid's submitted version as people say it: "第 2 版", or "未提交" for a bid never submitted (version 0). */
export function versionLabel(version: number | null | undefined): string {
  return version ? t('bid.versionN', { n: version }) : t('bid.neverSubmitted')
}
