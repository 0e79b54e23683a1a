/**
 * Where Switchboard may deliver events. Deliveries are requests made from inside the deployment,
 * so a destination that names an internal address (loopback, a private network, the cloud metadata
 * service) or the gateway itself would let any client reach what only the gateway can. Used for
 * every `webhookUrl` a client gives (src/lib/provider-access.ts) and for WEBHOOK_URL (src/env.ts).
 */
export interface DestinationRules {
  /** ALLOW_INSECURE_WEBHOOKS: local development, where http to loopback (and any host) is allowed. */
  allowInsecure: boolean
  /** Hostnames of the gateway itself: PUBLIC_BASE_URL's and the request's own. */
  ownHosts: readonly string[]
}

export const LOOPBACK_NAME = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i

/** Why `url` may not receive events, or null when it may. The reason never repeats the URL. */
export function destinationProblem(url: string, rules: DestinationRules): string | null {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return 'Must be an absolute https URL'
  }
  // The WHATWG parser has already normalized the host: `2852039166`, `0xa9.254.169.254` and
  // `0251.0376.0251.0376` are all `169.254.169.254` here, and IPv6 is in compressed hex form.
  const host = parsed.hostname.toLowerCase().replace(/\.$/, '')
  if (parsed.protocol !== 'https:') {
    if (parsed.protocol === 'http:' && rules.allowInsecure && LOOPBACK_NAME.test(host)) return null
    return 'Must be an https URL (http is allowed only to loopback with ALLOW_INSECURE_WEBHOOKS=true)'
  }
  if (rules.allowInsecure) return null
  if (rules.ownHosts.some((own) => own.toLowerCase().replace(/\.$/, '') === host)) {
    return 'Must not point at this gateway itself'
  }
  const name = internalName(host)
  if (name) return `Must not point at ${name}`
  const range = host.startsWith('[') ? ipv6Range(host.slice(1, -1)) : ipv4Range(host)
  return range ? `Must not point at an internal address (${range})` : null
}

function internalName(host: string): string | null {
  if (host === 'localhost' || host.endsWith('.localhost')) return 'localhost'
  if (host.endsWith('.internal') || host === 'internal') return 'an internal host name (*.internal)'
  return null
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/

/** The ranges no public service lives in, as [first address, prefix length, what it is]. */
const IPV4_RANGES: ReadonlyArray<[number, number, string]> = [
  [ip4(0, 0, 0, 0), 8, 'unspecified ("this network")'],
  [ip4(10, 0, 0, 0), 8, 'private (10/8)'],
  [ip4(100, 64, 0, 0), 10, 'carrier-grade NAT (100.64/10)'],
  [ip4(127, 0, 0, 0), 8, 'loopback'],
  [ip4(169, 254, 0, 0), 16, 'link-local (169.254/16, cloud metadata)'],
  [ip4(172, 16, 0, 0), 12, 'private (172.16/12)'],
  [ip4(192, 0, 0, 0), 24, 'IETF protocol assignment (192.0.0/24)'],
  [ip4(192, 168, 0, 0), 16, 'private (192.168/16)'],
  [ip4(198, 18, 0, 0), 15, 'benchmarking (198.18/15)'],
  [ip4(224, 0, 0, 0), 3, 'multicast or reserved'],
]

function ip4(a: number, b: number, c: number, d: number): number {
  return ((a << 24) | (b << 16) | (c << 8) | d) >>> 0
}

function ipv4Range(host: string): string | null {
  const m = IPV4.exec(host)
  if (!m) return null
  return rangeOf(ip4(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])))
}

function rangeOf(address: number): string | null {
  for (const [first, bits, what] of IPV4_RANGES) {
    const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0
    if ((address & mask) >>> 0 === first) return what
  }
  return null
}

/** The eight 16-bit groups of a normalized IPv6 address (no dotted suffix: the parser wrote hex). */
function groupsOf(text: string): number[] | null {
  const [head = '', tail, extra] = text.split('::')
  if (extra !== undefined) return null
  const part = (s: string) => (s === '' ? [] : s.split(':').map((g) => Number.parseInt(g, 16)))
  const left = part(head)
  const right = tail === undefined ? [] : part(tail)
  const missing = 8 - left.length - right.length
  if (tail === undefined ? missing !== 0 : missing < 0) return null
  const groups = [...left, ...Array<number>(missing).fill(0), ...right]
  return groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : null
}

function ipv6Range(text: string): string | null {
  const g = groupsOf(text)
  if (!g) return 'unparseable IPv6'
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = g
  const embedded = () => ((g6 << 16) | g7) >>> 0
  const zeroUpTo = (n: number) => g.slice(0, n).every((x) => x === 0)
  if (zeroUpTo(8)) return 'unspecified (::)'
  if (zeroUpTo(7) && g7 === 1) return 'loopback (::1)'
  // IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible (::a.b.c.d): the IPv4 address is what is reached.
  if (zeroUpTo(5) && g5 === 0xffff) return rangeOf(embedded())
  if (zeroUpTo(6)) return rangeOf(embedded())
  // NAT64 (64:ff9b::/96) and 6to4 (2002::/16) also lead to an embedded IPv4 address.
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) return rangeOf(embedded())
  if (g0 === 0x2002) return rangeOf(((g1 << 16) | g2) >>> 0)
  if ((g0 & 0xfe00) === 0xfc00) return 'unique-local (fc00::/7)'
  if ((g0 & 0xffc0) === 0xfe80) return 'link-local (fe80::/10)'
  if ((g0 & 0xffc0) === 0xfec0) return 'site-local (fec0::/10)'
  if ((g0 & 0xff00) === 0xff00) return 'multicast (ff00::/8)'
  return null
}

/** The hostname of a configured URL such as PUBLIC_BASE_URL, or none when it does not parse. */
export function hostnamesOf(...urls: Array<string | undefined>): string[] {
  return urls.flatMap((url) => {
    if (!url) return []
    try {
      return [new URL(url).hostname]
    } catch {
      return []
    }
  })
}
