import type { components } from './schema'
import { call, typedClient } from './typed'

/** Task books (任务书): versions signed in order, the PDF, and change requests (项目变更). */
type S = components['schemas']
export type Taskbook = S['TaskbookDTO']
export type TaskbookSlot = S['SlotDTO']
export type TaskbookSignature = S['SignatureDTO']
export type TaskbookVersion = S['TaskbookVersionDTO']
export type ChangeRequest = S['ChangeRequestDTO']
export type ChangeRequests = S['ChangeRequestsDTO']
export type ChangeInput = S['ChangeRequestReq']
export type ChangeAction = 'consent' | 'approve' | 'reject' | 'withdraw'

const id = (id: number) => ({ params: { path: { id } } })

export const taskbookApi = {
  get: (rid: number) => call(typedClient.GET('/api/v1/racers/{id}/taskbook', id(rid))),
  versions: (rid: number) => call(typedClient.GET('/api/v1/racers/{id}/taskbook/versions', id(rid))),
  /** The PDF's download path (fetched with useDownload). */
  pdfPath: (rid: number) => `/racers/${rid}/taskbook.pdf`,
  sign: (rid: number, body: S['SignReq']) => call(typedClient.POST('/api/v1/racers/{id}/taskbook/sign', { ...id(rid), body })),
  changes: (rid: number) => call(typedClient.GET('/api/v1/racers/{id}/changes', id(rid))),
  file: (rid: number, body: ChangeInput) => call(typedClient.POST('/api/v1/racers/{id}/changes', { ...id(rid), body })),
  act: (cid: number, action: ChangeAction, reason = '') => {
    const o = { ...id(cid), body: { reason } }
    switch (action) {
      case 'consent':
        return call(typedClient.POST('/api/v1/changes/{id}/consent', o))
      case 'approve':
        return call(typedClient.POST('/api/v1/changes/{id}/approve', o))
      case 'reject':
        return call(typedClient.POST('/api/v1/changes/{id}/reject', o))
      default:
        return call(typedClient.POST('/api/v1/changes/{id}/withdraw', o))
    }
  },
}
