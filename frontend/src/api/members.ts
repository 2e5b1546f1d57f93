import { api } from './client'
import type { Membership, Page, User } from './types'

/** Organisation members (单位成员): for the organisation's administrator and the bureau. */
export const membersApi = {
  list: (orgId: number, q: { membership?: Membership; page?: number; page_size?: number }) =>
    api.get<Page<User>>(`/orgs/${orgId}/members`, q as Record<string, string | number>),
  approve: (orgId: number, userId: number) => api.post<User>(`/orgs/${orgId}/members/${userId}/approve`),
  reject: (orgId: number, userId: number, reason: string) => api.post<User>(`/orgs/${orgId}/members/${userId}/reject`, { reason }),
  remove: (orgId: number, userId: number, reason: string) => api.post<User>(`/orgs/${orgId}/members/${userId}/remove`, { reason }),
  handOver: (orgId: number, userId: number) => api.post<User>(`/orgs/${orgId}/members/${userId}/org-admin`),
}
