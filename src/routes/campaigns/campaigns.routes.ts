import { createRoute, z } from '@hono/zod-openapi'
import {
  CampaignCreateSchema,
  CampaignSchema,
  CONTACT_STATUSES,
  ContactRecordSchema,
  ContactsAddedSchema,
} from '../../contract/campaign'
import { ListQuerySchema, listOf } from '../../contract/common'
import { bearer, errorResponses, jsonBody, jsonContent } from '../../lib/openapi'

const tags = ['Campaigns']

export const CampaignListSchema = listOf(CampaignSchema, 'CampaignList')
export const ContactListSchema = listOf(ContactRecordSchema, 'CampaignContactList')

const CampaignIdParamSchema = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({
      param: { name: 'id', in: 'path' },
      example: 'cmp_01JD3W6M4N5P7Q8R9S0T1V2W3X',
      description: 'The campaign id (cmp_…)',
    }),
})

const ContactsQuerySchema = ListQuerySchema.extend({
  status: z
    .enum(CONTACT_STATUSES)
    .optional()
    .openapi({ param: { name: 'status', in: 'query' }, description: 'Only contacts in this status' }),
})

const ContactsUploadSchema = z
  .object({
    contacts: z
      .array(z.unknown())
      .max(10_000)
      .describe('Contact objects (see Contact), each validated on its own: a bad one is listed in `invalid`'),
  })
  .openapi('ContactsUpload', { description: 'A JSON contacts upload: up to 10,000 contacts' })

export const createCampaign = createRoute({
  method: 'post',
  path: '/v1/campaigns',
  operationId: 'createCampaign',
  tags,
  security: bearer,
  summary: 'Create a campaign',
  description:
    'Scope campaigns:write. A draft: add contacts (here, up to 1,000, or through the contacts route), then start it.',
  request: { body: jsonBody(CampaignCreateSchema) },
  responses: { 201: jsonContent(CampaignSchema, 'The campaign, in draft'), ...errorResponses },
})

export const listCampaigns = createRoute({
  method: 'get',
  path: '/v1/campaigns',
  operationId: 'listCampaigns',
  tags,
  security: bearer,
  summary: "List the project's campaigns",
  description: 'Scope campaigns:read. Newest first, each with its stats.',
  request: { query: ListQuerySchema },
  responses: { 200: jsonContent(CampaignListSchema, 'A page of campaigns'), ...errorResponses },
})

export const getCampaign = createRoute({
  method: 'get',
  path: '/v1/campaigns/{id}',
  operationId: 'getCampaign',
  tags,
  security: bearer,
  summary: 'Get a campaign with its stats',
  description: 'Scope campaigns:read.',
  request: { params: CampaignIdParamSchema },
  responses: { 200: jsonContent(CampaignSchema, 'The campaign'), ...errorResponses },
})

export const addContacts = createRoute({
  method: 'post',
  path: '/v1/campaigns/{id}/contacts',
  operationId: 'addContacts',
  tags,
  security: bearer,
  summary: 'Add contacts to a campaign',
  description:
    'Scope campaigns:write. JSON `{ contacts }` or application/x-ndjson (one Contact a line), up to 10,000 per request and 8 MiB per body; a campaign holds up to 1,000,000. A number already in the campaign is counted `duplicate` and never dialed twice. Allowed while the campaign runs; 409 once it is completed or canceled.',
  request: {
    params: CampaignIdParamSchema,
    body: {
      required: false,
      content: {
        'application/json': { schema: ContactsUploadSchema },
        'application/x-ndjson': { schema: z.string().describe('One Contact JSON object per line') },
      },
    },
  },
  responses: { 200: jsonContent(ContactsAddedSchema, 'What was added'), ...errorResponses },
})

export const listContacts = createRoute({
  method: 'get',
  path: '/v1/campaigns/{id}/contacts',
  operationId: 'listContacts',
  tags,
  security: bearer,
  summary: "List a campaign's contacts with their attempts",
  description: 'Scope campaigns:read. In upload order; `status` filters.',
  request: { params: CampaignIdParamSchema, query: ContactsQuerySchema },
  responses: { 200: jsonContent(ContactListSchema, 'A page of contacts'), ...errorResponses },
})

const action = (verb: 'start' | 'pause' | 'resume' | 'cancel', summary: string, description: string) =>
  createRoute({
    method: 'post',
    path: `/v1/campaigns/{id}/${verb}`,
    operationId: `${verb}Campaign`,
    tags,
    security: bearer,
    summary,
    description: `Scope campaigns:write. ${description} Repeating it answers 200 with the campaign; a transition that does not apply is 409.`,
    request: { params: CampaignIdParamSchema },
    responses: { 200: jsonContent(CampaignSchema, 'The campaign'), ...errorResponses },
  })

export const startCampaign = action(
  'start',
  'Start a campaign',
  'A draft starts dialing (from startAt, if set).',
)
export const pauseCampaign = action('pause', 'Pause a campaign', 'No new dial; calls already live finish.')
export const resumeCampaign = action(
  'resume',
  'Resume a paused campaign',
  'Dialing continues where it stopped.',
)
export const cancelCampaign = action(
  'cancel',
  'Cancel a campaign',
  'Every contact not yet dialed becomes canceled; calls already live finish.',
)
