/** `<provider>_<vendorId>`: the prefix routes a request, the rest is the vendor's id unchanged. */
export const formatId = (providerId: string, vendorId: string): string => `${providerId}_${vendorId}`

/** A portable agent's id (`agt_<ULID>`): Switchboard's own object, never a provider's. */
export const isPortableAgentId = (id: string) => id.startsWith('agt_')
