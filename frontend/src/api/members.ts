import type { Membership, Page, User } from './types'
import { call, list, typedClient } from './typed'

const member = (id: number, user_id: number) => ({ params: { path: { id, user_id } } })

/** Organisation members (单位成员): for the organisation's administrator and the bureau. */
export const membersApi = {
  list: (id: number, query: { membership?: Membership; page?: number; page_size?: number }): Promise<Page<User>> =>
    list(typedClient.GET('/api/v1/orgs/{id}/members', { params: { path: { id }, query } })),
  approve: (orgId: number, userId: number): Promise<User> =>
    call(typedClient.POST('/api/v1/orgs/{id}/members/{user_id}/approve', member(orgId, userId))),
  reject: (orgId: number, userId: number, reason: string): Promise<User> =>
    call(typedClient.POST('/api/v1/orgs/{id}/members/{user_id}/reject', { ...member(orgId, userId), body: { reason } })),
  remove: (orgId: number, userId: number, reason: string): Promise<User> =>
    call(typedClient.POST('/api/v1/orgs/{id}/members/{user_id}/remove', { ...member(orgId, userId), body: { reason } })),
  handOver: (orgId: number, userId: number): Promise<User> =>
    call(typedClient.POST('/api/v1/orgs/{id}/members/{user_id}/org-admin', member(orgId, userId))),
}
