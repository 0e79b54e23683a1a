import fc from 'fast-check'
import examples from 'libphonenumber-js/examples.mobile.json'
import minMetadata from 'libphonenumber-js/metadata.min.json'
import { parsePhoneNumberFromString } from 'libphonenumber-js/min'
import { describe, expect, it } from 'vitest'
import { parsePhone } from '../../src/contract/phone'
import phoneMetadata from '../../src/contract/phone-metadata.json'

/** What the gateway reads from a parse: the E.164 form, the country and validity. */
const reading = (parsed: ReturnType<typeof parsePhone>) =>
  parsed && {
    number: parsed.number,
    country: parsed.country,
    valid: parsed.isValid(),
    possible: parsed.isPossible(),
  }
const sameAsMin = (text: string) =>
  expect(reading(parsePhone(text)), text).toEqual(reading(parsePhoneNumberFromString(text)))

describe('phone numbers over the trimmed metadata', () => {
  it('src/contract/phone-metadata.json is libphonenumber-js "min" without formats (node scripts/write-phone-metadata.mjs)', () => {
    type Plans = Record<string, unknown[]>
    const withoutFormats = (plans: Plans) =>
      Object.fromEntries(
        Object.entries(plans).map(([id, plan]) => [id, plan.map((v, i) => (i === 4 ? 0 : v))]),
      )
    const min = minMetadata as unknown as { countries: Plans; nonGeographic: Plans }
    expect(phoneMetadata).toEqual({
      ...min,
      countries: withoutFormats(min.countries),
      nonGeographic: withoutFormats(min.nonGeographic),
    })
  })

  it('reads every country’s example number, and near misses of it, as "min" does', () => {
    const numbers = Object.entries(examples as Record<string, string>).map(([country, national]) => {
      const parsed = parsePhoneNumberFromString(national, country as 'US')
      expect(parsed?.isValid(), country).toBe(true)
      return parsed?.number as string
    })
    expect(numbers.length).toBeGreaterThan(200)
    for (const number of numbers) {
      sameAsMin(number)
      sameAsMin(number.slice(0, -1))
      sameAsMin(`${number}5`)
      sameAsMin(`${number.slice(0, -3)}000`)
      sameAsMin(number.replace(/^(\+\d{2})\d/, '$19'))
    }
  })

  it('reads any + and digits, and any digits after a calling code, as "min" does', () => {
    const callingCodes = Object.keys(phoneMetadata.country_calling_codes)
    fc.assert(
      fc.property(
        fc.oneof(
          fc.stringMatching(/^\+[0-9]{1,17}$/),
          fc
            .tuple(fc.constantFrom(...callingCodes), fc.stringMatching(/^[0-9]{4,14}$/))
            .map(([code, digits]) => `+${code}${digits}`),
        ),
        (text) => {
          sameAsMin(text)
        },
      ),
      { numRuns: 5000 },
    )
  })
})
