import { call, typedClient, type Schemas } from './typed'

/** Calls for needs (申报批次), typed from the OpenAPI document. */
export type Call = Schemas['CallDTO']
export type CallDetail = Schemas['CallDetailDTO']
export type CallInput = Schemas['CallReq']
export type CallStatus = Call['status']

export const callsApi = {
  list: async (status?: CallStatus): Promise<Call[]> =>
    (await call(typedClient.GET('/api/v1/calls', { params: { query: status ? { status } : {} } }))).items ?? [],
  get: (id: number) => call(typedClient.GET('/api/v1/calls/{id}', { params: { path: { id } } })),
  create: (body: CallInput) => call(typedClient.POST('/api/v1/calls', { body })),
  update: (id: number, body: CallInput) => call(typedClient.PATCH('/api/v1/calls/{id}', { params: { path: { id } }, body })),
  publish: (id: number, bidding_deadline: string) =>
    call(typedClient.POST('/api/v1/calls/{id}/publish', { params: { path: { id } }, body: { bidding_deadline } })),
}
