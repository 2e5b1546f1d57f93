import { ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { ElMessage, ElMessageBox } from '@/plugins/ui'
import { downloadFile } from '@/api/client'
import type { Attachment } from '@/api/types'
import { errorMessage } from '@/utils/errors'

/** The server calls behind an attachments list (a bid's, a stage report's, ...). */
export interface AttachmentApi {
  upload(file: File): Promise<Attachment>
  remove(id: number): Promise<unknown>
  /** The download path of one attachment (fetched with the bearer token). */
  path(id: number): string
}

/** The default size limit of one file (the server's is authoritative). */
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024

/**
 * useAttachments keeps a list of attachments in step with the server: upload (refusing files over the limit
 * before sending them), remove after a confirmation, download with the token. Each reports its outcome with
 * a message; the functions resolve to whether they succeeded.
 */
export function useAttachments(api: AttachmentApi, opts: { maxBytes?: number } = {}) {
  const { t } = useI18n()
  const items = ref<Attachment[]>([])
  const uploading = ref(0)
  const maxBytes = opts.maxBytes ?? MAX_ATTACHMENT_BYTES

  async function upload(file: File): Promise<boolean> {
    if (file.size > maxBytes) {
      ElMessage.error(t('attachments.tooLarge', { mb: Math.round(maxBytes / 1024 / 1024) }))
      return false
    }
    uploading.value++
    try {
      items.value.push(await api.upload(file))
      ElMessage.success(t('attachments.uploaded'))
      return true
    } catch (e) {
      ElMessage.error(errorMessage(e))
      return false
    } finally {
      uploading.value--
    }
  }

  async function remove(a: Attachment): Promise<boolean> {
    try {
      await ElMessageBox.confirm(t('attachments.deleteConfirm', { name: a.filename }), t('common.confirmTitle'), { type: 'warning' })
    } catch {
      return false
    }
    try {
      await api.remove(a.id)
      items.value = items.value.filter((x) => x.id !== a.id)
      return true
    } catch (e) {
      ElMessage.error(errorMessage(e))
      return false
    }
  }

  async function download(a: Attachment): Promise<boolean> {
    try {
      await downloadFile(api.path(a.id), a.filename)
      return true
    } catch (e) {
      ElMessage.error(errorMessage(e))
      return false
    }
  }

  /** An el-upload http-request handler. */
  function httpRequest(o: { file: File }): Promise<boolean> {
    return upload(o.file)
  }

  return { items, uploading, upload, remove, download, httpRequest }
}
