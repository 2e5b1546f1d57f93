import type { Page } from './types'
import { call, list, query, typedClient, type Schemas } from './typed'

export type AuditEntry = Schemas['AuditEntryDTO']
export type AuditVerify = Schemas['AuditVerifyResp']
export type AuditCheckpoint = Schemas['CheckpointDTO']
export type AuditCheckpoints = Schemas['CheckpointsResp']

/** The audit log (bureau) and its signed checkpoints (public). */
export const auditApi = {
  list: (q: { entity?: string; entity_id?: number; page?: number; page_size?: number }): Promise<Page<AuditEntry>> =>
    list(typedClient.GET('/api/v1/audit', { params: { query: query(q) } })),
  verify: () => call(typedClient.GET('/api/v1/audit/verify')),
  checkpoints: () => call(typedClient.GET('/api/v1/audit/checkpoints')),
}
