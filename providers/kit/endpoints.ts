import type { z } from 'zod'
import type { VendorClient } from './http'

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
/** Query values: undefined is left out, an array is repeated (`status=a&status=b`). */
export type Query = Record<string, string | number | boolean | undefined | readonly string[]>

/** One vendor endpoint: the facts a hand-written client wrapper would otherwise repeat. */
export interface Endpoint {
  method: Method
  /** Relative to the vendor's base URL; each `{name}` is filled from the call, URL-encoded. */
  path: string
  /** The body we send, as the vendor's schema (it types the call; the fakes check the wire). */
  request?: z.ZodType
  /** The answer, read with this (loose) schema; absent = the answer is not read. */
  answer?: z.ZodType
}

type PathParams<P extends string> = P extends `${string}{${infer Name}}${infer Rest}`
  ? Name | PathParams<Rest>
  : never

type Input<E extends Endpoint> = { [K in PathParams<E['path']>]: string } & (E['request'] extends z.ZodType
  ? { body: z.input<E['request']> }
  : unknown) & { query?: Query }

type Output<E extends Endpoint> = E['answer'] extends z.ZodType ? z.output<E['answer']> : undefined

type Call<E extends Endpoint> = [PathParams<E['path']>] extends [never]
  ? E['request'] extends z.ZodType
    ? (input: Input<E>) => Promise<Output<E>>
    : (input?: Input<E>) => Promise<Output<E>>
  : (input: Input<E>) => Promise<Output<E>>

export type EndpointApi<T extends Record<string, Endpoint>> = { [K in keyof T]: Call<T[K]> }

const toSearchParams = (query: Query): URLSearchParams => {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue
    if (Array.isArray(value)) for (const item of value) params.append(key, item)
    else params.set(key, String(value))
  }
  return params
}

/** A vendor's endpoint table as functions over its HTTP client: `api.getCall({ id })`. */
export function endpointApi<T extends Record<string, Endpoint>>(
  http: VendorClient,
  table: T,
): EndpointApi<T> {
  return Object.fromEntries(
    Object.entries(table).map(([name, endpoint]) => [
      name,
      (input: Record<string, unknown> = {}) => {
        const path = endpoint.path.replace(/\{(\w+)\}/g, (_, param: string) =>
          encodeURIComponent(String(input[param])),
        )
        const query = input.query as Query | undefined
        return http.request(endpoint.method, path, endpoint.answer, {
          ...(input.body !== undefined ? { json: input.body } : {}),
          ...(query ? { searchParams: toSearchParams(query) } : {}),
        })
      },
    ]),
  ) as EndpointApi<T>
}
