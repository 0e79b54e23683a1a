import { ApiError, type ErrorCode, type ProblemExtras } from '../../src/contract/errors'
import { BEARER_AUTH, type VendorAuth } from './auth'
import { createVendorClient, type VendorErrorWords } from './http'
import type { ProviderContext, VendorEnv } from './types'

/** The facts of a vendor every provider states the same way. */
export interface VendorDeclaration<Key extends string = string, Base extends string = string> {
  /** Lowercase letters and digits only: it prefixes every id and must not contain `_`. */
  id: string
  name: string
  docsUrl: string
  /** The deployment variables it reads: its API key, and a base URL that overrides `defaultBaseUrl`. */
  env: { apiKey: Key; baseUrl: Base }
  defaultBaseUrl: string
  /** How the API key is presented; default `Authorization: Bearer <key>`. */
  auth?: VendorAuth
  /** Reads the vendor's error body (RFC 7807, FastAPI, ad hoc …) into words for the Problem. */
  describeError?: (status: number, body: unknown) => VendorErrorWords
}

const text = (env: VendorEnv, name: string): string => {
  const value = env[name]
  return typeof value === 'string' ? value.trim() : ''
}

/** A provider's error helpers, each naming the provider. */
export function defineErrors(provider: string, name = provider) {
  const fail = (code: ErrorCode, detail: string, extras: ProblemExtras = {}) =>
    new ApiError(code, detail, { provider, ...extras })
  return {
    fail,
    /** The vendor has no such object (by default: it said so). */
    notFound: (detail: string, extras: ProblemExtras = {}) =>
      fail('not_found', detail, { upstream: 'rejected', ...extras }),
    /** The change cannot happen in the object's state; nothing was changed. */
    conflict: (detail: string, extras: ProblemExtras = {}) =>
      fail('conflict', detail, { upstream: 'rejected', ...extras }),
    /** A request the vendor would refuse, named before anything is sent. */
    invalid: (path: string, message: string) =>
      fail('validation_failed', `${name}: ${path}: ${message}`, {
        upstream: 'not_sent',
        errors: [{ path, message }],
      }),
    /** The vendor answered something we cannot read as what it should be. */
    providerError: (detail: string, extras: ProblemExtras = {}) =>
      fail('provider_error', detail, { upstream: 'ambiguous', ...extras }),
  }
}

/**
 * Everything a vendor provider derives from its declaration: whether it is configured (its key,
 * trimmed, is set: the same rule for every vendor), its HTTP client and its error helpers.
 */
export function defineVendor<Key extends string, Base extends string>(vendor: VendorDeclaration<Key, Base>) {
  const configured = (env: VendorEnv) => text(env, vendor.env.apiKey) !== ''
  const { id, name, docsUrl, env, defaultBaseUrl } = vendor
  return {
    ...vendor,
    configured,
    /** What the Provider value itself carries of the declaration: spread it into the provider. */
    identity: { id, name, docsUrl, env, defaultBaseUrl, configured },
    /** The one HTTP path to this vendor, for one request's context. */
    client: (ctx: ProviderContext) =>
      createVendorClient({
        provider: vendor.id,
        providerName: vendor.name,
        baseUrl: text(ctx.env, vendor.env.baseUrl) || vendor.defaultBaseUrl,
        apiKey: text(ctx.env, vendor.env.apiKey),
        auth: vendor.auth ?? BEARER_AUTH,
        ctx,
        ...(vendor.describeError ? { describeError: vendor.describeError } : {}),
      }),
    ...defineErrors(vendor.id, vendor.name),
  }
}

export type Vendor = ReturnType<typeof defineVendor>
