import { type MetadataJson, type PhoneNumber, parsePhoneNumberFromString } from 'libphonenumber-js/core'
import metadata from './phone-metadata.json'

/**
 * libphonenumber-js's parse over its "min" metadata minus number formats (written by
 * scripts/write-phone-metadata.mjs): the same numbers, countries and validity, about 9 KiB gzip less
 * Worker. The formats are gone, so the result cannot format itself (formatNational and the like).
 */
export const parsePhone = (text: string): PhoneNumber | undefined =>
  parsePhoneNumberFromString(text, metadata as unknown as MetadataJson)
