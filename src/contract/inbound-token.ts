/**
 * A webhookUrl is accepted only up to this many bytes as the token carries it (UTF-8 of its JSON
 * string), so every accepted URL yields a token within MAX_TOKEN_LENGTH: with the other claims at
 * their bounds the claims stay under 2,600 bytes, 3,470 characters of base64url plus 44 of MAC.
 */
export const MAX_DESTINATION_BYTES = 2048

const encoder = new TextEncoder()

/** The size the destination takes in a token; a non-ASCII character takes up to 4 bytes, a quote 2. */
export const destinationBytes = (url: string): number => encoder.encode(JSON.stringify(url)).length - 2

/** Whether a webhookUrl fits in an inbound token (the schema refines webhookUrl with this). */
export const fitsInboundToken = (url: string): boolean => destinationBytes(url) <= MAX_DESTINATION_BYTES
