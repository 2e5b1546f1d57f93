import { api } from './client'
import type { LoginResult, MFAChallenge, User } from './types'
import { call, typedClient, type Schemas } from './typed'

/** The registration body (RegisterReq), with its enums. */
export type RegisterInput = Schemas['RegisterReq']

/**
 * Sign-in, refresh, sign-out and registration. These go through request() rather than the typed client: they
 * must not send a token or try a refresh on 401 (a wrong password is a 401), which the typed client's fetch
 * always does. The bodies and answers are the generated schemas all the same.
 */
export const authApi = {
  login: (email: string, password: string) =>
    api.post<LoginResult | MFAChallenge>('/auth/login', { email, password } satisfies Schemas['LoginReq'], { noRefresh: true, anonymous: true }),
  /** The code step of a login: the TOTP code or an unused recovery code with the first step's token. */
  loginMFA: (mfa_token: string, code: string) =>
    api.post<LoginResult>('/auth/login/mfa', { mfa_token, code } satisfies Schemas['LoginMFAReq'], { noRefresh: true, anonymous: true }),
  refresh: (refresh_token: string) =>
    api.post<LoginResult>('/auth/refresh', { refresh_token } satisfies Schemas['RefreshReq'], { noRefresh: true, anonymous: true }),
  logout: (refresh_token: string) =>
    api.post<void>('/auth/logout', { refresh_token } satisfies Schemas['RefreshReq'], { noRefresh: true }),
  register: (input: RegisterInput) => api.post<User>('/auth/register', input, { anonymous: true, noRefresh: true }),
  me: (): Promise<User> => call(typedClient.GET('/api/v1/me')),
}
