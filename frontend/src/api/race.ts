import { ApiError } from './error'
import type { operations } from './schema'
import type { Page } from './types'
import { call, filled, list, query, typedClient, type Filled, type Schemas } from './typed'

/** The race (赛马): selection, notices, objections, racers, stages, acceptance, results; see attachments.ts for files. */
export type Ranked = Schemas['RankedDTO']
export type SelectionInfo = Filled<Schemas['SelectionDTO'], 'ranking'>
export type SelectedTeam = Schemas['SelectedTeamDTO']
export type Objection = Schemas['ObjectionDTO']
/** An objection as the notice lists it to everyone (without who filed it). */
export type Answer = Schemas['AnswerDTO']
export type Notice = Filled<Schemas['NoticeDTO'], 'selected'>
export type TaskStage = Required<Schemas['TaskStageDTO']>
/**
 * The task book (任务书). taskBookDTO, its stages and terms carry no `required` tags, so the document makes
 * every field optional; none is omitempty, so the server sends them all: corrected here (its lists stay
 * nullable, as Go's nil slices are).
 */
export type TaskBook = Required<Omit<Schemas['TaskBookDTO'], 'terms' | 'stages'>> & {
  terms: Required<Schemas['RaceTaskBookTerms']>
  stages: TaskStage[] | null
}
export type Report = Schemas['ReportDTO']
export type { ReportAttachment } from './attachments'
export type KPIResult = Schemas['RaceKPIResult']
export type Racer = Omit<Filled<Schemas['RacerDTO'], 'events'>, 'task_book'> & { task_book?: TaskBook }
export type Elimination = Schemas['EliminationDTO']
export type Decision = Schemas['DecisionDTO']
export type Proposal = Filled<Schemas['ProposalDTO'], 'advance' | 'scores' | 'eliminate'>
/**
 * The race board. Its stages carry the due instant and China date (due_at, due_on) the racers' task books give,
 * shown under each stage; absent before the start.
 */
export type Board = Omit<Filled<Schemas['BoardDTO'], BoardLists>, 'items'> & {
  items: Racer[]
}
type BoardLists = 'items' | 'stages' | 'kpis' | 'decisions' | 'winner_racer_ids'

/** The board with its lists present (and each racer's events). */
function boardOf(b: Schemas['BoardDTO']): Board {
  const f = filled(b, 'items', 'stages', 'kpis', 'decisions', 'winner_racer_ids')
  return { ...f, items: f.items.map(racerOf) }
}
/** A racer with its events present (the task book as the server sends it, see TaskBook). */
const racerOf = (r: Schemas['RacerDTO']): Racer => filled(r, 'events') as Racer
const noticeOf = (n: Schemas['NoticeDTO']): Notice => filled(n, 'selected')
export type CalendarYear = Filled<Schemas['CalendarDTO'], 'holidays' | 'makeup_workdays'>
export type CalendarStatus = Schemas['CalendarStatusDTO']
export type AcceptanceInput = Schemas['AcceptanceReq']
/** A racer's rectification period (限期整改). */
export type Rectification = Schemas['RectificationDTO']
export type RectifyInput = Schemas['RectifyReq']
export type Rectifications = Filled<Schemas['RectificationsResp'], 'items' | 'actions'>

type NoticeFilter = NonNullable<operations['getNotices']['parameters']['query']>

const id = (id: number) => ({ params: { path: { id } } })
const stageOf = (id: number, stage: number) => ({ params: { path: { id, stage } } })

export const raceApi = {
  selection: async (cid: number): Promise<SelectionInfo> =>
    filled(await call(typedClient.GET('/api/v1/challenges/{id}/selection', id(cid))), 'ranking'),
  select: (cid: number, body: { bid_ids: number[]; notice_days: number; reason: string }) =>
    call(typedClient.POST('/api/v1/challenges/{id}/selection', { ...id(cid), body })).then(noticeOf),
  notices: async (q: { status?: string; challenge_id?: number; page?: number; page_size?: number } = {}): Promise<Page<Notice>> => {
    const r = await list(typedClient.GET('/api/v1/notices', { params: { query: query(q) as NoticeFilter } }))
    return { ...r, items: r.items.map(noticeOf) }
  },
  notice: (nid: number) => call(typedClient.GET('/api/v1/notices/{id}', id(nid))).then(noticeOf),
  challengeNotice: (cid: number) => call(typedClient.GET('/api/v1/challenges/{id}/notice', id(cid))).then(noticeOf),
  object: (nid: number, reason: string) => call(typedClient.POST('/api/v1/notices/{id}/objections', { ...id(nid), body: { reason } })),
  resolve: (oid: number, outcome: Schemas['ResolveReq']['outcome'], answer: string) =>
    call(typedClient.POST('/api/v1/objections/{id}/resolve', { ...id(oid), body: { outcome, answer } })),
  start: (cid: number) => call(typedClient.POST('/api/v1/challenges/{id}/start', id(cid))).then(boardOf),
  board: (cid: number) => call(typedClient.GET('/api/v1/challenges/{id}/racers', id(cid))).then(boardOf),
  racer: (rid: number): Promise<Racer> => call(typedClient.GET('/api/v1/racers/{id}', id(rid))).then(racerOf),
  report: (rid: number, body: Schemas['ReportReq']) => call(typedClient.POST('/api/v1/racers/{id}/reports', { ...id(rid), body })),
  proposal: async (cid: number, stage: number): Promise<Proposal> =>
    filled(await call(typedClient.GET('/api/v1/challenges/{id}/stages/{stage}/decision', stageOf(cid, stage))), 'advance', 'scores', 'eliminate'),
  decide: (cid: number, stage: number, body: { advance: number[]; eliminate: Elimination[]; rectify?: RectifyInput[]; reason: string }) =>
    call(typedClient.POST('/api/v1/challenges/{id}/stages/{stage}/decision', { ...stageOf(cid, stage), body })),
  rectifications: async (rid: number): Promise<Rectifications> =>
    filled(await call(typedClient.GET('/api/v1/racers/{id}/rectification', id(rid))), 'items', 'actions'),
  rectificationReport: (rid: number, summary: string) =>
    call(typedClient.POST('/api/v1/racers/{id}/rectification', { ...id(rid), body: { summary } })),
  rectificationDecide: (rid: number, body: Schemas['RectificationDecideReq']) =>
    call(typedClient.POST('/api/v1/racers/{id}/rectification/decide', { ...id(rid), body })),
  readmit: (rid: number, reason: string) =>
    call(typedClient.POST('/api/v1/racers/{id}/readmit', { ...id(rid), body: { reason } })).then(racerOf),
  merge: (rid: number, into_racer_id: number, reason: string) =>
    call(typedClient.POST('/api/v1/racers/{id}/merge', { ...id(rid), body: { into_racer_id, reason } })).then(racerOf),
  opinion: (cid: number, body: Schemas['OpinionReq']) =>
    call(typedClient.POST('/api/v1/challenges/{id}/acceptance/opinions', { ...id(cid), body })),
  conclude: (cid: number, body: AcceptanceInput) =>
    call(typedClient.POST('/api/v1/challenges/{id}/acceptance', { ...id(cid), body })).then(boardOf),
  results: async (query: { page?: number; page_size?: number } = {}): Promise<Page<Board>> => {
    const r = await list(typedClient.GET('/api/v1/results', { params: { query } }))
    return { ...r, items: r.items.map(boardOf) }
  },
  /** A year's calendar; without a year, the current year on the server's clock (China time). */
  calendar: async (year?: number): Promise<CalendarYear> =>
    filled(await call(typedClient.GET('/api/v1/calendar', { params: { query: year ? { year } : {} } })), 'holidays', 'makeup_workdays'),
  /** The calendar status, or null where the server does not have the endpoint yet (404). */
  calendarStatus: async (): Promise<CalendarStatus | null> => {
    try {
      return await call(typedClient.GET('/api/v1/calendar/status'))
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) return null
      throw e
    }
  },
  putCalendar: (year: number, body: Schemas['CalendarReq']) =>
    call(typedClient.PUT('/api/v1/calendar/{year}', { params: { path: { year } }, body })).then((c) =>
      filled(c, 'holidays', 'makeup_workdays'),
    ),
}
