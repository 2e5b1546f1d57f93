import { ref } from 'vue'
import { ElMessage, ElMessageBox } from '@/plugins/ui'
import { errorMessage, useFieldErrors } from '@/utils/errors'
import { scrollToFirstError } from '@/utils/scroll'

/** How a failed action is shown. */
export interface RunOptions {
  /**
   * 'banner' (default) sets `error` for an alert on the page; 'toast' shows a message instead; 'fields' leaves
   * the field messages beside their inputs alone and toasts only an error that has none (a small form).
   */
  show?: 'banner' | 'toast' | 'fields'
  /** True for an error the caller handles itself (e.g. a refusal that asks for more): it is not shown. */
  silent?: (err: unknown) => boolean
  /**
   * Says the failure the page's own way (a 404 as "not found", the message of the one field a dialog has); an
   * empty answer keeps the server's message (errorMessage).
   */
  message?: (err: unknown) => string | undefined
  /** Called with the error after it is shown (e.g. to re-read the state the server refused against). */
  onError?: (err: unknown) => void | Promise<void>
}

/**
 * useAction runs a form's server calls one way: clears the previous error, marks the form busy, and on failure
 * shows the server's message and maps its field errors (details.fields such as `kpis[1].target`) onto
 * `errors`, whose rows the row editors read, scrolling to the first one. It replaces a try/catch per button.
 */
export function useAction() {
  const busy = ref(false)
  const error = ref('')
  const errors = useFieldErrors()

  /** Runs fn; true when it succeeded. Nested runs (a save inside a submit) share the busy flag. */
  async function run(fn: () => Promise<unknown>, opts: RunOptions = {}): Promise<boolean> {
    const outer = !busy.value
    busy.value = true
    error.value = ''
    errors.clear()
    try {
      await fn()
      return true
    } catch (e) {
      if (opts.silent?.(e)) return false
      errors.set(e)
      const text = opts.message?.(e) || errorMessage(e)
      if (opts.show === 'fields') {
        if (!errors.any) ElMessage.error(text)
      } else if (opts.show === 'toast') ElMessage.error(text)
      else error.value = text
      // the eye goes where the error is: the first field error, else the page's error banner
      if (errors.any) void scrollToFirstError()
      else if (!opts.show || opts.show === 'banner') void scrollToFirstError('.jb-action-error, .el-alert--error')
      await opts.onError?.(e)
      return false
    } finally {
      if (outer) busy.value = false
    }
  }

  return { busy, error, errors, run }
}

/** The look of a confirmation where the default (a warning, OK/Cancel) does not fit. */
export interface ConfirmOptions {
  type?: 'info' | 'warning'
  confirmButtonText?: string
  cancelButtonText?: string
}

/**
 * Asks the user to confirm (ElMessageBox.confirm, a warning); resolves to whether they did. A dismissed box
 * is an answer, not an error, so a page needs no try/catch around it.
 */
export function confirmed(message: string, title: string, opts: ConfirmOptions = {}): Promise<boolean> {
  return ElMessageBox.confirm(message, title, { type: 'warning', ...opts }).then(
    () => true,
    () => false,
  )
}

/** Asks the user for a required text (ElMessageBox.prompt); resolves to it, or null when dismissed. */
export function prompted(message: string, title: string, required: string): Promise<string | null> {
  return ElMessageBox.prompt(message, title, { inputValidator: (v: string) => !!v?.trim() || required }).then(
    (r) => r.value,
    () => null,
  )
}
