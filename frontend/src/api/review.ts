import type { operations } from './schema'
import type { FieldCode, Page } from './types'
import { call, filled, list, query, typedClient, type Filled, type Schemas } from './typed'

/** Review rounds (专家评审), assignments and the expert pool; see docs/api-details.md "Review". */
export type RoundKind = NonNullable<Schemas['RoundReq']['kind']>
export type Aggregation = NonNullable<Schemas['RoundReq']['aggregation']>
export type RoundStatus = Schemas['RoundDTO']['status']
export type AssignmentStatus = Schemas['AssignmentDTO']['status']

/** A rubric line as the bureau edits it: needs_identity left out takes the server's default for the name. */
export type Criterion = Schemas['CriterionReq']
export type RoundItem = Schemas['ItemDTO']
export type Round = Filled<Schemas['RoundDTO'], 'rubric'>
export type RoundInput = Schemas['RoundReq']
export type Assignment = Schemas['AssignmentDTO']
export type OwnScore = Filled<Schemas['ScoreDTO'], 'scores'>
/**
 * What an expert reviews: the round, the item, the challenge, the submitted bid (its content is the digested
 * JSON, untyped in the document: the fields the page reads are typed here from BidDTO) or the racer's report.
 */
export type Material = Omit<Schemas['MaterialResp'], 'round' | 'bid' | 'report' | 'score'> & {
  round: Round
  bid?: Omit<Schemas['BidVersionDTO'], 'content'> & { content: SubmittedBid }
  report?: StageReportMaterial
  score?: OwnScore
}
/** The content of a submitted bid as the review material carries it (see Material). */
export type SubmittedBid = Partial<Pick<Schemas['BidDTO'], 'pi' | 'partners' | 'members' | 'approach' | 'plan' | 'budget'>> & {
  /** The version's attachments (named 附件1, 附件2 … in a double-blind round), downloaded through the assignment. */
  attachments?: { id: number; filename: string; size: number; content_type: string }[]
}
export type StageReportMaterial = Filled<Schemas['ReportMaterialDTO'], 'files' | 'kpi_values'>
export type Replacement = Schemas['ReplacementResp']
export type PanelMember = Schemas['PanelMemberDTO']
export type Progress = Omit<Filled<Schemas['ProgressResp'], 'items' | 'experts'>, 'round'> & { round: Round }
export type ResultLine = Schemas['ResultLineDTO']
export type ResultItem = Filled<Schemas['ResultItemDTO'], 'flags'>
export type Results = { round: Round; items: ResultItem[] }
export type Conflict = Schemas['ConflictDTO']
export type Expert = Filled<Schemas['ExpertDTO'], 'fields' | 'conflicts'>
type ExpertFilter = NonNullable<operations['getExperts']['parameters']['query']>

const id = (id: number) => ({ params: { path: { id } } })
const roundOf = (r: Schemas['RoundDTO']): Round => filled(r, 'rubric')
const expertOf = (e: Schemas['ExpertDTO']): Expert => filled(e, 'fields', 'conflicts')
function materialOf(m: Schemas['MaterialResp']): Material {
  return {
    ...m,
    round: roundOf(m.round),
    bid: m.bid ? { ...m.bid, content: (m.bid.content ?? {}) as SubmittedBid } : undefined,
    report: m.report ? filled(m.report, 'files', 'kpi_values') : undefined,
    score: m.score ? filled(m.score, 'scores') : undefined,
  }
}

export const reviewApi = {
  rounds: async (cid: number): Promise<{ items: Round[] }> => {
    const r = await list(typedClient.GET('/api/v1/challenges/{id}/rounds', id(cid)))
    return { ...r, items: r.items.map(roundOf) }
  },
  open: (cid: number, body: RoundInput) => call(typedClient.POST('/api/v1/challenges/{id}/rounds', { ...id(cid), body })).then(roundOf),
  round: (rid: number) => call(typedClient.GET('/api/v1/rounds/{id}', id(rid))).then(roundOf),
  update: (rid: number, body: RoundInput) => call(typedClient.PATCH('/api/v1/rounds/{id}', { ...id(rid), body })).then(roundOf),
  assign: (rid: number, seed?: number) =>
    call(typedClient.POST('/api/v1/rounds/{id}/assign', { ...id(rid), body: seed === undefined ? {} : { seed } })).then(roundOf),
  progress: async (rid: number): Promise<Progress> => {
    const p = await call(typedClient.GET('/api/v1/rounds/{id}/progress', id(rid)))
    return { ...filled(p, 'items', 'experts'), round: roundOf(p.round) }
  },
  remind: (rid: number, expertIds?: number[]) =>
    call(typedClient.POST('/api/v1/rounds/{id}/remind', { ...id(rid), body: expertIds ? { expert_ids: expertIds } : {} })).then((r) =>
      filled(r, 'reminded'),
    ),
  close: (rid: number, reason = '') =>
    call(typedClient.POST('/api/v1/rounds/{id}/close', { ...id(rid), body: reason ? { reason } : {} })).then(roundOf),
  results: async (rid: number): Promise<Results> => {
    const r = await call(typedClient.GET('/api/v1/rounds/{id}/results', id(rid)))
    return { round: roundOf(r.round), items: (r.items ?? []).map((x) => filled(x, 'flags')) }
  },
  /** The download path of a round's results sheet (fetched with useDownload). */
  resultsSheetPath: (rid: number) => `/rounds/${rid}/results.xlsx`,
  replace: (aid: number, reason: string, expertId?: number) =>
    call(typedClient.POST('/api/v1/assignments/{id}/replace', { ...id(aid), body: { reason, expert_id: expertId || 0 } })),
  mine: (query: { page?: number; page_size?: number } = {}) => list(typedClient.GET('/api/v1/me/assignments', { params: { query } })),
  material: (aid: number) => call(typedClient.GET('/api/v1/assignments/{id}', id(aid))).then(materialOf),
  /** The download path of a file an assignment reviews: a bid attachment or a stage report file (fetched with useDownload). */
  reportFilePath: (aid: number, fileId: number) => `/assignments/${aid}/files/${fileId}`,
  score: (aid: number, scores: Record<string, number>, comment: string, draft: boolean) =>
    call(typedClient.POST('/api/v1/assignments/{id}/score', { ...id(aid), body: { scores, comment, draft } })).then((r) => ({
      ...r,
      score: filled(r.score, 'scores'),
    })),
  recuse: (aid: number, reason: string) => call(typedClient.POST('/api/v1/assignments/{id}/recuse', { ...id(aid), body: { reason } })),
  profile: () => call(typedClient.GET('/api/v1/me/expert-profile')).then(expertOf),
  saveProfile: (fields: FieldCode[], conflicts: Conflict[]) =>
    call(typedClient.PUT('/api/v1/me/expert-profile', { body: { fields, conflicts } })).then(expertOf),
  experts: async (q: { q?: string; field?: string; active?: string; page?: number; page_size?: number }): Promise<Page<Expert>> => {
    const r = await list(typedClient.GET('/api/v1/experts', { params: { query: query(q) as ExpertFilter } }))
    return { ...r, items: r.items.map(expertOf) }
  },
  updateExpert: (eid: number, body: Schemas['ExpertPatchReq']) =>
    call(typedClient.PATCH('/api/v1/experts/{id}', { ...id(eid), body })).then(expertOf),
}

/** The default rubric per kind (the server's defaults until the bureau sets templates in the settings). */
export const DEFAULT_RUBRICS: Record<RoundKind, Criterion[]> = {
  validation: [{ name: '需求明确性', weight: 30 }, { name: '技术先进性', weight: 30 }, { name: '指标可量化', weight: 20 }, { name: '经费合理性', weight: 20 }],
  bid_review: [{ name: '技术方案', weight: 40 }, { name: '团队实力', weight: 25 }, { name: '可行性与计划', weight: 20 }, { name: '预算合理性', weight: 15 }],
  stage_review: [{ name: '指标完成度', weight: 50 }, { name: '进度与计划', weight: 20 }, { name: '技术进展', weight: 20 }, { name: '经费使用', weight: 10 }],
  acceptance: [{ name: '指标达成', weight: 60 }, { name: '成果质量', weight: 25 }, { name: '经费决算', weight: 15 }],
}

/**
 * Whether a criterion named so judges the team rather than the proposal (the server's default for needs_identity,
 * domain/review/blind.go): a double-blind round refuses such a criterion.
 */
export function identityCriterion(c: Criterion): boolean {
  if (c.needs_identity != null) return c.needs_identity
  return ['团队', '单位', '研究基础', '工作基础', '负责人', '资质', '业绩', '信誉', '信用', '人员', '履历'].some((w) => c.name.includes(w))
}

/** Weighted score of criterion scores under a rubric (Σ score×weight/100). */
export function weighted(rubric: Criterion[], scores: Record<string, number | undefined>): number {
  let s = 0
  for (const c of rubric) s += (scores[c.name] ?? 0) * c.weight
  return s / 100
}
