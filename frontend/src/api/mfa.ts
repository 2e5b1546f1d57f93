import type { User } from './types'
import { call, typedClient, type Schemas } from './typed'

/** One's two-factor sign-in (安全设置): status, enrolment, recovery codes, turning it off. */
export type MFAStatus = Schemas['MfaStatusResp']
export type MFAEnrolment = Schemas['MfaEnrolmentResp']

export const mfaApi = {
  status: (): Promise<MFAStatus> => call(typedClient.GET('/api/v1/me/mfa')),
  start: (): Promise<MFAEnrolment> => call(typedClient.POST('/api/v1/me/mfa/totp')),
  confirm: async (code: string): Promise<string[]> =>
    (await call(typedClient.POST('/api/v1/me/mfa/totp/confirm', { body: { code } }))).recovery_codes,
  newRecoveryCodes: async (code: string): Promise<string[]> =>
    (await call(typedClient.POST('/api/v1/me/mfa/recovery-codes', { body: { code } }))).recovery_codes,
  disable: (proof: { code?: string; password?: string }): Promise<void> =>
    call(typedClient.DELETE('/api/v1/me/mfa', { body: proof })) as Promise<void>,
  changePassword: (current_password: string, new_password: string): Promise<void> =>
    call(typedClient.POST('/api/v1/me/password', { body: { current_password, new_password } })) as Promise<void>,
  /** The administrator removes a user's second factor (lost authenticator). */
  reset: (id: number): Promise<User> => call(typedClient.POST('/api/v1/users/{id}/mfa/reset', { params: { path: { id } } })),
}
