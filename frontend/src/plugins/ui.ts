/** Element Plus services used from script code, imported per component (see plugins/element.ts). */
import { ElMessage as EpMessage } from 'element-plus/es/components/message/index.mjs'
export { ElMessageBox } from 'element-plus/es/components/message-box/index.mjs'

type Options = Parameters<typeof EpMessage>[0]

/**
 * Where a toast goes: at the top of a desktop window, and at the bottom of a phone's screen, where it covers
 * neither the page's head nor the field or banner it speaks of (forms scroll their errors to the middle).
 */
function placed(o: Options): Options {
  const phone = typeof window !== 'undefined' && !!window.matchMedia?.('(max-width: 768px)').matches
  if (!phone) return o
  const opts = typeof o === 'string' ? { message: o } : o
  return { placement: 'bottom', offset: 24, ...(opts as object) } as Options
}

/** ElMessage with the toasts placed for the screen (see placed). */
export const ElMessage = Object.assign((o: Options) => EpMessage(placed(o)), {
  success: (o: Options) => EpMessage.success(placed(o)),
  warning: (o: Options) => EpMessage.warning(placed(o)),
  info: (o: Options) => EpMessage.info(placed(o)),
  error: (o: Options) => EpMessage.error(placed(o)),
  primary: (o: Options) => EpMessage.primary(placed(o)),
  closeAll: EpMessage.closeAll,
}) as typeof EpMessage
