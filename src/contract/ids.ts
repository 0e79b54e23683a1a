/** `<provider>_<vendorId>`: the prefix routes a request, the rest is the vendor's id unchanged. */
export const formatId = (providerId: string, vendorId: string): string => `${providerId}_${vendorId}`
