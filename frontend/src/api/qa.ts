import { call, typedClient } from './typed'

/** Questions and answers (答疑), following a challenge (关注) and the confirmations of amendments (补充通知). */
export const qaApi = {
  /** The challenge's questions as the caller may see them (never who asked, except the caller's own). */
  view: (id: number) => call(typedClient.GET('/api/v1/challenges/{id}/questions', { params: { path: { id } } })),
  ask: (id: number, text: string) =>
    call(typedClient.POST('/api/v1/challenges/{id}/questions', { params: { path: { id } }, body: { text } })),
  answer: (id: number, text: string) =>
    call(typedClient.POST('/api/v1/questions/{id}/answer', { params: { path: { id } }, body: { text } })),
  publish: (id: number) => call(typedClient.POST('/api/v1/questions/{id}/publish', { params: { path: { id } } })),
  decline: (id: number, reason: string) =>
    call(typedClient.POST('/api/v1/questions/{id}/decline', { params: { path: { id } }, body: { reason } })),
  follow: (id: number) => call(typedClient.POST('/api/v1/challenges/{id}/follow', { params: { path: { id } } })),
  unfollow: (id: number) => call(typedClient.DELETE('/api/v1/challenges/{id}/follow', { params: { path: { id } } })),
  confirm: (id: number, aid: number) =>
    call(typedClient.POST('/api/v1/challenges/{id}/amendments/{aid}/confirm', { params: { path: { id, aid } } })),
  confirmations: (id: number, aid: number) =>
    call(typedClient.GET('/api/v1/challenges/{id}/amendments/{aid}/confirmations', { params: { path: { id, aid } } })),
}

export type QAView = Awaited<ReturnType<typeof qaApi.view>>
export type Question = NonNullable<QAView['published']>[number]
export type Confirmations = Awaited<ReturnType<typeof qaApi.confirmations>>
