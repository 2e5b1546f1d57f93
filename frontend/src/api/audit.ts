import { api } from './client'
import type { Page } from './types'

export interface AuditEntry {
  id: number
  at: string
  actor_id: number
  actor_name: string
  actor_role: string
  entity: string
  entity_id: number
  action: string
  before: string
  after: string
  request_id: string
  prev_hash: string
  hash: string
}

export interface AuditVerify {
  ok: boolean
  entries: number
  first_broken_id: number | null
  reason?: string
  checkpoints: number
}

export interface AuditCheckpoint {
  entries: number
  head_hash: string
  signed_at: string
  key_id: string
  signature: string
}

export interface AuditCheckpoints {
  items: AuditCheckpoint[]
  public_key: { key_id: string; algorithm: string; public_key: string; pem: string } | null
  statement: string
}

/** The audit log (bureau) and its signed checkpoints (public). */
export const auditApi = {
  list: (q: { entity?: string; entity_id?: number; page?: number; page_size?: number }) =>
    api.get<Page<AuditEntry>>('/audit', q as Record<string, string | number>),
  verify: () => api.get<AuditVerify>('/audit/verify'),
  checkpoints: () => api.get<AuditCheckpoints>('/audit/checkpoints'),
}
