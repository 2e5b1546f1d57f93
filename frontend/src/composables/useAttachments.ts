import { ref, type Ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { ElMessage } from '@/plugins/ui'
import { confirmed } from '@/composables/useAction'
import { downloadFile } from '@/api/client'
import type { Attachment } from '@/api/types'
import { errorMessage } from '@/utils/errors'

/** The server calls behind an attachments list (a bid's, a stage report's, ...): see api/attachments.ts. */
export interface AttachmentApi<A extends Attachment = Attachment> {
  upload(file: File): Promise<A>
  /** Absent where the server keeps the files (a submitted stage report's). */
  remove?(id: number): Promise<unknown>
  /** The download path of one attachment (fetched with the bearer token). */
  path(id: number): string
}

/** The default size limit of one file (the server's is authoritative). */
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024

/**
 * useDownload downloads protected files (with the bearer token) and says a failure in a toast, or through
 * onError; it resolves to whether the file was saved. Pages that show files of several owners (a board of
 * racers) use it with attachmentsApi's paths; useAttachments uses it for its list.
 */
export function useDownload(onError?: (message: string) => void) {
  return async function download(path: string, filename: string): Promise<boolean> {
    try {
      await downloadFile(path, filename)
      return true
    } catch (e) {
      if (onError) onError(errorMessage(e))
      else ElMessage.error(errorMessage(e))
      return false
    }
  }
}

/** How an attachments list reports its outcomes, where a page says them its own way. */
export interface AttachmentOptions<A> {
  /** the size limit of one file (default MAX_ATTACHMENT_BYTES) */
  maxBytes?: number
  /** the message after an upload (default attachments.uploaded) */
  uploadedText?: string
  /** called after an upload (e.g. to re-read the resource the file belongs to) */
  onUploaded?: (a: A) => void
  /** shows a failure instead of the default toast (e.g. in the form's banner) */
  onError?: (message: string) => void
}

/**
 * useAttachments keeps a list of attachments in step with the server: upload (refusing files over the limit
 * before sending them), remove after a confirmation, download with the token. Each reports its outcome with
 * a message; the functions resolve to whether they succeeded.
 */
export function useAttachments<A extends Attachment = Attachment>(api: AttachmentApi<A>, opts: AttachmentOptions<A> = {}) {
  const { t } = useI18n()
  const items = ref([]) as Ref<A[]>
  const uploading = ref(0)
  const maxBytes = opts.maxBytes ?? MAX_ATTACHMENT_BYTES
  const fail = (e: unknown) => (opts.onError ? opts.onError(errorMessage(e)) : ElMessage.error(errorMessage(e)))

  async function upload(file: File): Promise<boolean> {
    if (file.size > maxBytes) {
      ElMessage.error(t('attachments.tooLarge', { mb: Math.round(maxBytes / 1024 / 1024) }))
      return false
    }
    uploading.value++
    try {
      const a = await api.upload(file)
      items.value.push(a)
      ElMessage.success(opts.uploadedText ?? t('attachments.uploaded'))
      opts.onUploaded?.(a)
      return true
    } catch (e) {
      fail(e)
      return false
    } finally {
      uploading.value--
    }
  }

  async function remove(a: A): Promise<boolean> {
    if (!api.remove) return false
    if (!(await confirmed(t('attachments.deleteConfirm', { name: a.filename }), t('common.confirmTitle')))) return false
    try {
      await api.remove(a.id)
      items.value = items.value.filter((x) => x.id !== a.id)
      return true
    } catch (e) {
      fail(e)
      return false
    }
  }

  const save = useDownload(opts.onError)
  function download(a: Pick<Attachment, 'id' | 'filename'>): Promise<boolean> {
    return save(api.path(a.id), a.filename)
  }

  /** An el-upload http-request handler. */
  function httpRequest(o: { file: File }): Promise<boolean> {
    return upload(o.file)
  }

  return { items, uploading, upload, remove, download, httpRequest }
}
