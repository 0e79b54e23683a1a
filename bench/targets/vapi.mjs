// The bench's vapi target: see bench/targets.mjs.
import { CREATED, ID, TO } from '../target-values.mjs'

const VAPI_ASSISTANT = '5b0a4c2e-7a0f-4c8e-9d51-2f3e4a5b6c7d'
const VAPI_NUMBER = '0c9d8e7f-6a5b-4c3d-8e2f-1a0b9c8d7e6f'
const VAPI_CALL = '019a9046-2b1c-7d3e-8f40-5a6b7c8d9e0f'
const vapiCall = {
  id: VAPI_CALL,
  orgId: 'org-bench',
  type: 'outboundPhoneCall',
  status: 'queued',
  assistantId: VAPI_ASSISTANT,
  phoneNumberId: VAPI_NUMBER,
  customer: { number: TO },
  cost: 0,
  createdAt: CREATED,
  updatedAt: CREATED,
}
const vapiAssistant = {
  id: VAPI_ASSISTANT,
  orgId: 'org-bench',
  name: 'Bench',
  model: { provider: 'openai', model: 'gpt-4o', messages: [{ role: 'system', content: 'Be brief.' }] },
  createdAt: CREATED,
  updatedAt: CREATED,
}

export const target = {
  provider: 'vapi',
  env: (baseUrl) => ({ VAPI_API_KEY: 'bench-vapi-key', VAPI_BASE_URL: baseUrl }),
  agentId: `vapi_${VAPI_ASSISTANT}`,
  // A phone-number id needs no lookup: the create is one assistant read and one POST.
  call: { to: TO, from: VAPI_NUMBER },
  callId: `vapi_${VAPI_CALL}`,
  routes: [
    { method: 'GET', path: `/assistant/${ID}`, status: 200, body: () => vapiAssistant },
    { method: 'POST', path: '/call', status: 201, body: () => vapiCall },
    { method: 'GET', path: `/call/${ID}`, status: 200, body: () => vapiCall },
  ],
}
