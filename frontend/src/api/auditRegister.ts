import type { Page } from './types'
import { call, list, query, typedClient, type Schemas } from './typed'

export type RegisterEntry = Schemas['RegisterEntryDTO']
export type AuditAction = Schemas['ActionOptionDTO']
export type Person = Schemas['PersonDTO']

/** What the register (审计台账) is narrowed to; dates are China dates, YYYY-MM-DD, both included. */
export interface RegisterQuery {
  person_id?: number
  org_id?: number
  challenge_id?: number
  entity?: string
  entity_id?: number
  /** kinds of event, entity.action, comma separated */
  action?: string
  from?: string
  to?: string
  session?: boolean
}

/** The audit register (bureau and administrator): filtered entries, the catalogue of events, the Excel view. */
export const auditRegisterApi = {
  list: (q: RegisterQuery & { page?: number; page_size?: number }): Promise<Page<RegisterEntry>> =>
    list(typedClient.GET('/api/v1/audit/register', { params: { query: query(q) } })),
  /** Accounts whose name or e-mail contains q (at most 20), for the person filter. */
  people: async (q: string): Promise<Person[]> => (await call(typedClient.GET('/api/v1/audit/people', { params: { query: { q } } }))) ?? [],
  actions: async (): Promise<AuditAction[]> => (await call(typedClient.GET('/api/v1/audit/actions'))).items ?? [],
  /** The download path of the filtered register as a workbook (fetched with useDownload). */
  xlsxPath: (q: RegisterQuery): string => {
    const p = new URLSearchParams()
    for (const [k, v] of Object.entries(query(q))) p.set(k, String(v))
    const s = p.toString()
    return '/audit/register.xlsx' + (s ? '?' + s : '')
  },
}
