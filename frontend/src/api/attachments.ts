import { API_BASE } from './client'
import { call, fileBody, typedClient, type Schemas } from './typed'
import type { AttachmentApi } from '@/composables/useAttachments'

/** A file attached to a bid (BidAttachmentDTO). */
export type BidAttachment = Schemas['BidAttachmentDTO']
/** A file attached to a racer's stage report (ReportAttachmentDTO): a bid attachment with its stage. */
export type ReportAttachment = Schemas['ReportAttachmentDTO']

/**
 * The one attachment module: the server calls behind a bid's files and behind a racer's stage-report files,
 * each as an AttachmentApi for useAttachments (upload, remove, download path).
 */
export const attachmentsApi = {
  /** The files of a bid (upload while it is a draft or being revised, remove, download). */
  bid: (bidId: number): AttachmentApi<BidAttachment> => ({
    upload: (file: File) =>
      call(typedClient.POST('/api/v1/bids/{id}/attachments', { params: { path: { id: bidId } }, ...fileBody(file) })),
    remove: (aid: number) =>
      call(typedClient.DELETE('/api/v1/bids/{id}/attachments/{aid}', { params: { path: { id: bidId, aid } } })),
    path: (aid: number) => `${API_BASE}/bids/${bidId}/attachments/${aid}`,
  }),
  /** The files of a racer's report on one stage (the server keeps no delete for them: no remove). */
  report: (racerId: number, stage: number): AttachmentApi<ReportAttachment> => ({
    upload: (file: File) =>
      call(
        typedClient.POST('/api/v1/racers/{id}/reports/{stage}/attachments', {
          params: { path: { id: racerId, stage } },
          ...fileBody(file),
        }),
      ),
    path: (aid: number) => `${API_BASE}/racers/${racerId}/attachments/${aid}`,
  }),
}
