import { api, downloadFile, request } from './client'
import type { Challenge, FieldCode, Page } from './types'

/** Review rounds (专家评审), assignments and the expert pool; see docs/api-details.md "Review". */
export type RoundKind = 'validation' | 'bid_review' | 'stage_review' | 'acceptance'
export type Aggregation = 'trimmed_mean' | 'mean' | 'zscore'
export type RoundStatus = 'open' | 'assigned' | 'closed'
export type AssignmentStatus = 'pending' | 'scored' | 'recused' | 'replaced'

export interface Criterion {
  name: string
  weight: number
}

export interface RoundItem {
  id: number
  label: string
  bid_id: number
  bid_version: number
  racer_id: number
  report_id: number
  submitted_at: string
}

export interface Round {
  id: number
  /** what this user may do now (the server's state machines, role and ownership included) */
  actions?: string[]
  challenge_id: number
  challenge_title?: string
  kind: RoundKind
  stage: number
  rubric: Criterion[]
  experts_per_item: number
  aggregation: Aggregation
  deadline: string
  status: RoundStatus
  seed: number
  pool_digest: string
  draws: number
  created_at: string
  assigned_at?: string
  closed_at?: string
  close_reason?: string
  items?: RoundItem[]
}

export interface RoundInput {
  kind?: RoundKind
  stage?: number
  rubric: Criterion[]
  experts_per_item: number
  aggregation: Aggregation
  deadline: string
}

export interface Assignment {
  id: number
  /** what this user may do now (the server's state machines, role and ownership included) */
  actions?: string[]
  round_id: number
  item_id: number
  bid_id: number
  racer_id: number
  status: AssignmentStatus
  field_match: boolean
  recuse_reason?: string
  replaces_id?: number
  kind?: RoundKind
  stage?: number
  round_status?: RoundStatus
  deadline?: string
  challenge_id?: number
  challenge_title?: string
  item_label?: string
  draft: boolean
}

export interface OwnScore {
  scores: Record<string, number>
  comment: string
  draft: boolean
  saved_at: string
  submitted_at?: string
  weighted?: number
}

export interface Material {
  assignment: Assignment
  round: Round
  item: RoundItem
  challenge: Challenge
  bid: { version: number; submitted_at: string; digest: string; content: Record<string, any> } | null
  /** The racer's stage report (stage review and acceptance items); null for bid items. */
  report: StageReportMaterial | null
  score: OwnScore | null
}

export interface StageReportMaterial {
  stage: number
  summary: string
  kpi_values: Record<string, number>
  due_at: string
  submitted_at: string
  late: boolean
  files: { id: number; filename: string; size: number; content_type: string; sha256: string }[]
}

export interface Replacement {
  assignment: Assignment
  replacement: Assignment | null
}

export interface PanelMember {
  assignment_id: number
  /** what this user may do now (the server's state machines, role and ownership included) */
  actions?: string[]
  expert_id: number
  expert_name: string
  status: AssignmentStatus
  field_match: boolean
  draft: boolean
  recuse_reason?: string
}

export interface Progress {
  round: Round
  items: { item: RoundItem; scored: number; pending: number; recused: number; panel: PanelMember[] }[]
  experts: { expert_id: number; name: string; org_name: string; assigned: number; scored: number; pending: number }[]
}

export interface ResultLine {
  expert: string
  scores: number[]
  weighted: number
  normalised?: number
  flagged: boolean
}

export interface ResultItem {
  item_id: number
  bid_id: number
  racer_id: number
  label: string
  final_score: number | null
  rank: number
  flags: string[]
  median?: number
  top_criterion_mean?: number
  submitted_at?: string
  experts?: ResultLine[]
}

export interface Results {
  round: Round
  items: ResultItem[]
}

export interface Conflict {
  credit_code: string
  reason: string
}

export interface Expert {
  user_id: number
  name: string
  email: string
  org_id: number
  org_name: string
  org_verified: boolean
  fields: FieldCode[]
  conflicts: Conflict[]
  max_open: number
  active: boolean
  in_pool: boolean
  load: number
}

export const reviewApi = {
  rounds: (challengeId: number) => api.get<{ items: Round[] }>(`/challenges/${challengeId}/rounds`),
  open: (challengeId: number, input: RoundInput) => api.post<Round>(`/challenges/${challengeId}/rounds`, input),
  round: (id: number) => api.get<Round>(`/rounds/${id}`),
  update: (id: number, input: RoundInput) => api.patch<Round>(`/rounds/${id}`, input),
  assign: (id: number, seed?: number) => api.post<Round>(`/rounds/${id}/assign`, seed === undefined ? {} : { seed }),
  progress: (id: number) => api.get<Progress>(`/rounds/${id}/progress`),
  remind: (id: number, expertIds?: number[]) => api.post<{ reminded: number[] }>(`/rounds/${id}/remind`, expertIds ? { expert_ids: expertIds } : {}),
  close: (id: number, reason = '') => api.post<Round>(`/rounds/${id}/close`, reason ? { reason } : {}),
  results: (id: number) => api.get<Results>(`/rounds/${id}/results`),
  exportSheet: (id: number) => downloadFile(`/rounds/${id}/results.xlsx`, `round-${id}-results.xlsx`),
  replace: (assignmentId: number, reason: string, expertId?: number) =>
    api.post<Replacement>(`/assignments/${assignmentId}/replace`, { reason, expert_id: expertId || 0 }),
  mine: (q: { page?: number; page_size?: number } = {}) => api.get<Page<Assignment>>('/me/assignments', q),
  material: (id: number) => api.get<Material>(`/assignments/${id}`),
  downloadReportFile: (id: number, fileId: number, filename: string) => downloadFile(`/assignments/${id}/files/${fileId}`, filename),
  score: (id: number, scores: Record<string, number>, comment: string, draft: boolean) =>
    api.post<{ assignment: Assignment; score: OwnScore }>(`/assignments/${id}/score`, { scores, comment, draft }),
  recuse: (id: number, reason: string) => api.post<Replacement>(`/assignments/${id}/recuse`, { reason }),
  profile: () => api.get<Expert>('/me/expert-profile'),
  saveProfile: (fields: FieldCode[], conflicts: Conflict[]) =>
    request<Expert>('PUT', '/me/expert-profile', { body: { fields, conflicts } }),
  experts: (q: { q?: string; field?: string; active?: string; page?: number; page_size?: number }) => api.get<Page<Expert>>('/experts', q),
  updateExpert: (id: number, patch: { active?: boolean; max_open?: number }) => api.patch<Expert>(`/experts/${id}`, patch),
}

/** The default rubric per kind (the server's defaults until the bureau sets templates in the settings). */
export const DEFAULT_RUBRICS: Record<RoundKind, Criterion[]> = {
  validation: [{ name: '需求明确性', weight: 30 }, { name: '技术先进性', weight: 30 }, { name: '指标可量化', weight: 20 }, { name: '经费合理性', weight: 20 }],
  bid_review: [{ name: '技术方案', weight: 40 }, { name: '团队实力', weight: 25 }, { name: '可行性与计划', weight: 20 }, { name: '预算合理性', weight: 15 }],
  stage_review: [{ name: '指标完成度', weight: 50 }, { name: '进度与计划', weight: 20 }, { name: '技术进展', weight: 20 }, { name: '经费使用', weight: 10 }],
  acceptance: [{ name: '指标达成', weight: 60 }, { name: '成果质量', weight: 25 }, { name: '经费决算', weight: 15 }],
}

/** Weighted score of criterion scores under a rubric (Σ score×weight/100). */
export function weighted(rubric: Criterion[], scores: Record<string, number | undefined>): number {
  let s = 0
  for (const c of rubric) s += (scores[c.name] ?? 0) * c.weight
  return s / 100
}
