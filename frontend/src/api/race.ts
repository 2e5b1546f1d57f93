import { api, API_BASE, request } from './client'
import { ApiError } from './error'
import type { Page } from './types'

/** The race (赛马): selection, notices, objections, racers, stages, acceptance, results. */
export interface Ranked {
  bid_id: number
  rank: number
  final_score: number
}
export interface SelectionInfo {
  review_closed: boolean
  mode: string
  min: number
  max: number
  ranking: Ranked[]
}
export interface SelectedTeam {
  bid_id: number
  org_id: number
  org_name: string
  pi: string
  partners: string[]
}
export interface Objection {
  id: number
  /** what this user may do now (the server's state machines, role and ownership included) */
  actions?: string[]
  reason: string
  status: 'open' | 'upheld' | 'dismissed'
  answer: string
  answered_at?: string
  created_at: string
  notice_id?: number
  challenge_id?: number
  user_id?: number
}
export interface Notice {
  id: number
  /** what this user may do now (the server's state machines, role and ownership included) */
  actions?: string[]
  challenge_id: number
  challenge_title: string
  seq: number
  starts_at: string
  ends_at: string
  notice_days: number
  /** issue 19 (not yet in schema.d.ts): the inclusive period as China dates, its working days, and whether it
   * rests on a year whose calendar is provisional */
  starts_on?: string
  ends_on?: string
  working_days?: number
  provisional?: boolean
  status: 'open' | 'closed' | 'superseded'
  running: boolean
  objections_count: number
  open_objections: number
  reason?: string
  selected: SelectedTeam[]
  answers?: Objection[]
  objections?: Objection[]
}
export interface TaskStage {
  stage: number
  name: string
  due_at: string
  /** issue 19: the due date (China, inclusive); absent from older servers */
  due_on?: string
  kpi_targets: Record<string, number>
  deliverables: string
}
export interface TaskBook {
  challenge_title: string
  lead_org: string
  pi: string
  pi_email: string
  partners: string[]
  approach: string
  kpis: { name: string; target: number; unit: string; comparison: string; method: string }[]
  stages: TaskStage[]
  budget: { item: string; amount_fen: number }[]
  budget_fen: number
  terms: { duration_months: number; gov_funding_fen: number; cofunding_fen: number; ip_terms: string; deliverables: string; mode: string }
  started_at: string
}
export interface Report {
  id: number
  racer_id: number
  stage: number
  summary: string
  kpi_values: Record<string, number>
  due_at: string
  due_on?: string
  submitted_at: string
  late: boolean
  attachments?: ReportAttachment[]
}
export interface ReportAttachment {
  id: number
  stage: number
  filename: string
  size: number
  content_type: string
  sha256: string
  uploaded_at: string
}
export interface KPIResult {
  value: number
  met: boolean
  evidence?: string
}
export interface Racer {
  id: number
  /** what this user may do now (the server's state machines, role and ownership included) */
  actions?: string[]
  challenge_id: number
  bid_id: number
  org_id: number
  org_name: string
  status: 'racing' | 'eliminated' | 'winner' | 'finished'
  tolerance: boolean | null
  eliminated_stage?: number
  elimination_reason?: string
  readmitted: boolean
  merged_into?: number
  started_at: string
  events: { stage: number; kind: string; reason?: string; at: string }[]
  detail: boolean
  task_book?: TaskBook
  reports?: Report[]
  scores?: { stage: number; score: number }[]
  opinion?: { racer_id: number; kpi_results: Record<string, KPIResult>; opinion: string; at: string }
}
export interface Elimination {
  racer_id: number
  reason: string
  tolerance: boolean
  credit_status?: string
}
export interface Decision {
  stage: number
  advance: number[]
  eliminate: Elimination[]
  scores: { racer_id: number; score: number }[]
  reason?: string
  decided_at: string
}
export interface Proposal {
  stage: number
  name: string
  keep_top: number
  min_score: number
  scored: boolean
  scores: { racer_id: number; score: number }[]
  advance: number[]
  eliminate: number[]
  decision?: Decision
}
export interface Board {
  challenge_id: number
  title: string
  status: string
  mode: string
  /** due_at / due_on (issue 19): when the board carries the stage's due instant and China date */
  stages: { stage: number; name: string; decided: boolean; due_at?: string; due_on?: string }[]
  kpis: { name: string; target: number; unit: string; comparison: string }[]
  items: Racer[]
  decisions: Decision[]
  winner_racer_ids: number[]
  opinions: number
  funding_fen?: Record<string, number>
}
export interface CalendarYear {
  year: number
  holidays: { name: string; from: string; to: string }[]
  makeup_workdays: string[]
  entered: boolean
  updated_at?: string
  updated_by?: string
}
/** GET /calendar/status (issue 19, hand-typed until schema.d.ts has it): today's date on the server's clock and
 * whether next year's calendar has been entered. */
export interface CalendarStatus {
  today: string
  year: number
  next_year: number
  next_year_entered: boolean
  next_year_provisional: boolean
  warn_missing_next_year: boolean
  provisional_years: number[]
}

export const raceApi = {
  selection: (id: number) => api.get<SelectionInfo>(`/challenges/${id}/selection`),
  select: (id: number, body: { bid_ids: number[]; notice_days: number; reason: string }) =>
    api.post<Notice>(`/challenges/${id}/selection`, body),
  notices: (q: { status?: string; challenge_id?: number; page?: number; page_size?: number } = {}) =>
    api.get<Page<Notice>>('/notices', q),
  notice: (id: number) => api.get<Notice>(`/notices/${id}`),
  challengeNotice: (id: number) => api.get<Notice>(`/challenges/${id}/notice`),
  object: (id: number, reason: string) => api.post<Objection>(`/notices/${id}/objections`, { reason }),
  resolve: (id: number, outcome: 'upheld' | 'dismissed', answer: string) =>
    api.post<Objection>(`/objections/${id}/resolve`, { outcome, answer }),
  start: (id: number) => api.post<Board>(`/challenges/${id}/start`),
  board: (id: number) => api.get<Board>(`/challenges/${id}/racers`),
  racer: (id: number) => api.get<Racer>(`/racers/${id}`),
  report: (id: number, body: { stage: number; summary: string; kpi_values: Record<string, number> }) =>
    api.post<Report>(`/racers/${id}/reports`, body),
  uploadAttachment: (racer: number, stage: number, file: File) => {
    const fd = new FormData()
    fd.append('file', file, file.name)
    return api.upload<ReportAttachment>(`/racers/${racer}/reports/${stage}/attachments`, fd)
  },
  attachmentPath: (racer: number, aid: number) => `${API_BASE}/racers/${racer}/attachments/${aid}`,
  proposal: (id: number, stage: number) => api.get<Proposal>(`/challenges/${id}/stages/${stage}/decision`),
  decide: (id: number, stage: number, body: { advance: number[]; eliminate: Elimination[]; reason: string }) =>
    api.post<Decision>(`/challenges/${id}/stages/${stage}/decision`, body),
  readmit: (id: number, reason: string) => api.post<Racer>(`/racers/${id}/readmit`, { reason }),
  merge: (id: number, into_racer_id: number, reason: string) => api.post<Racer>(`/racers/${id}/merge`, { into_racer_id, reason }),
  opinion: (id: number, body: { racer_id: number; kpi_results: Record<string, KPIResult>; opinion: string }) =>
    api.post(`/challenges/${id}/acceptance/opinions`, body),
  conclude: (
    id: number,
    body: { outcome: 'completed' | 'failed'; winner_racer_ids: number[]; opinion: string; racers?: { racer_id: number; tolerance: boolean; credit_status?: string }[] },
  ) => api.post<Board>(`/challenges/${id}/acceptance`, body),
  results: (q: { page?: number; page_size?: number } = {}) => api.get<Page<Board>>('/results', q),
  /** A year's calendar; without a year, the current year on the server's clock (China time). */
  calendar: (year?: number) => api.get<CalendarYear>('/calendar', year ? { year } : undefined),
  /** The calendar status, or null where the server does not have the endpoint yet (404). */
  calendarStatus: async (): Promise<CalendarStatus | null> => {
    try {
      return await api.get<CalendarStatus>('/calendar/status')
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) return null
      throw e
    }
  },
  putCalendar: (year: number, body: { holidays: CalendarYear['holidays']; makeup_workdays: string[] }) =>
    request<CalendarYear>('PUT', `/calendar/${year}`, { body }),
}
