// The floor: fetch the vendor, return the body. No gateway on this runtime can be faster.
export default {
  async fetch(request, env) {
    const url = new URL(request.url)
    const upstream = await fetch(env.VENDOR_URL + url.pathname + url.search, {
      method: request.method,
      headers: request.headers,
      body: request.body,
    })
    return new Response(upstream.body, { status: upstream.status, headers: upstream.headers })
  },
}
