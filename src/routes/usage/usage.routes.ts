import { createRoute, z } from '@hono/zod-openapi'
import { TimestampSchema } from '../../contract/common'
import { USAGE_GROUPS } from '../../ledger/usage'
import { bearer, errorResponses, jsonContent } from '../../lib/openapi'

export const UsageSchema = z
  .object({
    from: TimestampSchema,
    to: TimestampSchema,
    groupBy: z.enum(USAGE_GROUPS),
    thenBy: z
      .enum(USAGE_GROUPS)
      .optional()
      .openapi({ description: 'The second grouping, present when it was asked for' }),
    data: z.array(
      z.object({
        key: z
          .string()
          .nullable()
          .openapi({ description: 'The group: a provider, agent id, campaign id, status or day' }),
        subKey: z.string().nullable().optional().openapi({
          description: 'The value of thenBy within the group; present only when thenBy was asked for',
        }),
        calls: z.number().int(),
        completed: z.number().int(),
        minutes: z.number().openapi({ description: 'durationSeconds / 60 of the ended calls' }),
        cost: z.object({ amount: z.number(), currency: z.string() }).nullable().openapi({
          description: "The vendors' reported cost; null where none was reported or currencies differ",
        }),
      }),
    ),
  })
  .openapi('Usage', { description: 'Calls, minutes and cost from the ledger, grouped' })

export const getUsage = createRoute({
  method: 'get',
  path: '/v1/usage',
  operationId: 'getUsage',
  tags: ['Usage'],
  security: bearer,
  summary: "The project's calls, minutes and cost, grouped",
  description:
    'Scope usage:read. Computed from the ledger over calls recorded in [from, to): default the last 30 days, at most 92 days, grouped by provider unless groupBy says otherwise, and within each group by thenBy when given.',
  request: {
    query: z.object({
      from: TimestampSchema.optional().openapi({
        param: { name: 'from', in: 'query' },
        description: 'Start of the range (default: 30 days ago)',
      }),
      to: TimestampSchema.optional().openapi({
        param: { name: 'to', in: 'query' },
        description: 'End of the range (default: now); at most 92 days after from',
      }),
      groupBy: z
        .enum(USAGE_GROUPS)
        .default('provider')
        .openapi({ param: { name: 'groupBy', in: 'query' }, description: 'How to group the figures' }),
      thenBy: z
        .enum(USAGE_GROUPS)
        .optional()
        .openapi({
          param: { name: 'thenBy', in: 'query' },
          description:
            'A second grouping within each group (e.g. groupBy=day&thenBy=provider); not the same as groupBy',
        }),
    }),
  },
  responses: { 200: jsonContent(UsageSchema, 'Usage per group'), ...errorResponses },
})
