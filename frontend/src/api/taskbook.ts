import type { components } from './schema'
import { call, typedClient } from './typed'
import type { TaskBook } from './race'

/** Task books (任务书): versions signed in order, the PDF, and change requests (项目变更). */
type S = components['schemas']
/** The content of a version, with the fields the server always sends made present. */
export type TaskbookContent = S['TaskbookContent'] & { payment_plan: Required<S['TaskbookTranche']>[]; end_on: string }
/** A racer's current task book; the server sends every list (Go's nil slices are corrected here). */
export type Taskbook = Omit<S['TaskbookDTO'], 'task_book' | 'slots' | 'signatures' | 'content'> & {
  task_book: TaskBook
  slots: TaskbookSlot[]
  signatures: TaskbookSignature[]
  content: TaskbookContent
}
const tbOf = (x: S['TaskbookDTO']): Taskbook =>
  ({ ...x, slots: x.slots ?? [], signatures: x.signatures ?? [], content: { ...x.content, payment_plan: x.content.payment_plan ?? [] } }) as Taskbook
export type TaskbookSlot = S['SlotDTO']
export type TaskbookSignature = S['SignatureDTO']
export type TaskbookVersion = S['TaskbookVersionDTO']
export type ChangeRequest = S['ChangeRequestDTO']
export type ChangeRequests = Omit<S['ChangeRequestsDTO'], 'items'> & { items: ChangeRequest[] }
export type ChangeInput = S['ChangeRequestReq']
export type ChangeAction = 'consent' | 'approve' | 'reject' | 'withdraw'

const id = (id: number) => ({ params: { path: { id } } })

export const taskbookApi = {
  get: (rid: number) => call(typedClient.GET('/api/v1/racers/{id}/taskbook', id(rid))).then(tbOf),
  versions: (rid: number) => call(typedClient.GET('/api/v1/racers/{id}/taskbook/versions', id(rid))),
  /** The PDF's download path (fetched with useDownload). */
  pdfPath: (rid: number) => `/racers/${rid}/taskbook.pdf`,
  sign: (rid: number, body: S['SignReq']) => call(typedClient.POST('/api/v1/racers/{id}/taskbook/sign', { ...id(rid), body })).then(tbOf),
  changes: (rid: number): Promise<ChangeRequests> =>
    call(typedClient.GET('/api/v1/racers/{id}/changes', id(rid))).then((c) => ({ ...c, items: c.items ?? [] })),
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
