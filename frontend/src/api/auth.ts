import { api } from './client'
import type { FieldCode, LoginResult, OrgType, Role, User } from './types'

export interface RegisterInput {
  email: string
  password: string
  name: string
  role: Extract<Role, 'enterprise' | 'team' | 'expert'>
  org: { name: string; type: OrgType; credit_code: string }
  expert_fields?: FieldCode[]
}

export const authApi = {
  login: (email: string, password: string) =>
    api.post<LoginResult>('/auth/login', { email, password }, { noRefresh: true, anonymous: true }),
  refresh: (refresh_token: string) =>
    api.post<LoginResult>('/auth/refresh', { refresh_token }, { noRefresh: true, anonymous: true }),
  logout: (refresh_token: string) => api.post<void>('/auth/logout', { refresh_token }, { noRefresh: true }),
  register: (input: RegisterInput) => api.post<User>('/auth/register', input, { anonymous: true, noRefresh: true }),
  me: () => api.get<User>('/me'),
}
