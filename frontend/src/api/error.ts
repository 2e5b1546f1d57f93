import { moneyFieldMessage } from '@/utils/money'

/**
 * The API's error shape: {"error": {code, message, details: {fields, field_codes, field_params}, request_id}}
 * (request_id on a 500 only).
 */
export interface ApiErrorDetails {
  fields?: Record<string, string>
  field_codes?: Record<string, string>
  /** the numbers a rule was checked against, per field (limits of money fields in fen) */
  field_params?: Record<string, Record<string, number>>
  [key: string]: unknown
}

export interface ApiErrorBody {
  code: string
  message: string
  details?: ApiErrorDetails
  /** the request's id, sent with a 500: the reference (错误编号) the server's log records the failure under */
  request_id?: string
}

/** ApiError is thrown by the client for every non-2xx answer (and for network failures, status 0). */
export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly details: ApiErrorDetails
  readonly retryAfter?: number
  /** The request's id: the body's request_id, else the X-Request-ID the request was sent or answered with. */
  readonly requestId?: string

  constructor(status: number, body: Partial<ApiErrorBody> | undefined, retryAfter?: number, requestId?: string) {
    super(body?.message || `HTTP ${status}`)
    this.name = 'ApiError'
    this.status = status
    this.code = body?.code || (status === 0 ? 'network_error' : 'http_' + status)
    this.details = body?.details || {}
    this.retryAfter = retryAfter
    this.requestId = body?.request_id || requestId || undefined
  }

  /**
   * The reference to quote in a report (错误编号) when the failure is the server's (5xx) or the network's
   * (status 0): the request id the server logged it under. Undefined for the user's own errors (4xx), which
   * the message explains.
   */
  get reference(): string | undefined {
    return this.status === 0 || this.status >= 500 ? this.requestId : undefined
  }

  /**
   * Field path → message, as sent by the server (paths normalised to a.b[2].c), except that a money field's
   * range is said in the user's unit (万元 / CNY) rather than the fen the server checks in.
   */
  get fields(): Record<string, string> {
    const out: Record<string, string> = {}
    const f = this.details.fields
    const codes = this.details.field_codes || {}
    const params = this.details.field_params || {}
    if (f && typeof f === 'object') {
      for (const [k, v] of Object.entries(f)) {
        out[normaliseFieldPath(k)] = moneyFieldMessage(k, codes[k], params[k]) || String(v)
      }
    }
    return out
  }
}

/**
 * Normalises a field path to the JSON-style form used by the server and the
 * forms: "kpis.1.target" and "kpis[1].target" both become "kpis[1].target".
 */
export function normaliseFieldPath(path: string): string {
  return path
    .replace(/^\$\.?/, '')
    .replace(/\.(\d+)(?=\.|$|\[)/g, '[$1]')
    .replace(/^\/(.*)/, (_, p: string) => p.split('/').map((s) => (/^\d+$/.test(s) ? `[${s}]` : '.' + s)).join('').replace(/^\./, ''))
}
