// Generates a workerd capnp config that gives the bundled Worker the bindings wrangler.toml declares,
// so the benchmark runs the Worker on workerd itself rather than behind `wrangler dev`'s proxy.
import { unstable_readConfig } from 'wrangler'

const text = (value) => JSON.stringify(String(value))

/** The parts of wrangler.toml the runtime needs, read with wrangler's own parser. */
export function readWranglerConfig(path = 'wrangler.toml') {
  const config = unstable_readConfig({ config: path })
  const sqliteClasses = new Set(config.migrations.flatMap((m) => m.new_sqlite_classes ?? []))
  return {
    name: config.name,
    compatibilityDate: config.compatibility_date,
    compatibilityFlags: config.compatibility_flags ?? [],
    vars: config.vars ?? {},
    durableObjects: (config.durable_objects?.bindings ?? []).map((b) => ({
      name: b.name,
      className: b.class_name,
      sql: sqliteClasses.has(b.class_name),
      external: Boolean(b.script_name),
    })),
    queueProducers: (config.queues?.producers ?? []).map((q) => q.binding),
    queueConsumers: (config.queues?.consumers ?? []).map((q) => q.queue),
    assets: config.assets
      ? { binding: config.assets.binding, directory: config.assets.directory }
      : undefined,
    unsupported: [
      ...(config.kv_namespaces ?? []).map((b) => `kv:${b.binding}`),
      ...(config.r2_buckets ?? []).map((b) => `r2:${b.binding}`),
      ...(config.d1_databases ?? []).map((b) => `d1:${b.binding}`),
      ...(config.services ?? []).map((b) => `service:${b.binding}`),
      ...(config.workflows ?? []).map((b) => `workflow:${b.binding}`),
    ],
  }
}

/**
 * One workerd config serving two Workers on their own sockets: the gateway bundle and the bare
 * pass-through floor. Both reach the fake vendor through a network service that allows loopback
 * (workerd's default `internet` service only allows public addresses).
 */
export function workerdConfig({ wrangler, gatewayPort, barePort, vars, storageDir, assetsDir, vendorUrl }) {
  const bindings = Object.entries({ ...wrangler.vars, ...vars }).map(
    ([name, value]) => `(name = ${text(name)}, text = ${text(value)})`,
  )
  const ownObjects = wrangler.durableObjects.filter((d) => !d.external)
  for (const d of ownObjects) {
    bindings.push(`(name = ${text(d.name)}, durableObjectNamespace = ${text(d.className)})`)
  }
  // Plain workerd has queue producers (send() becomes an HTTP request to a service) but no
  // consumer loop: producers are bound to a sink that accepts and drops the messages.
  for (const binding of wrangler.queueProducers) {
    bindings.push(`(name = ${text(binding)}, queue = "queue-sink")`)
  }
  if (wrangler.assets?.binding && assetsDir) {
    bindings.push(`(name = ${text(wrangler.assets.binding)}, service = "assets")`)
  }
  const namespaces = [...new Map(ownObjects.map((d) => [d.className, d])).values()].map(
    (d) =>
      `(className = ${text(d.className)}, uniqueKey = ${text(`${wrangler.name}-${d.className}`)}, enableSql = ${d.sql})`,
  )

  return `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "gateway", worker = .gateway),
    (name = "bare", worker = .bare),
    (name = "queue-sink", worker = .queueSink),
    (name = "loopback", network = (allow = ["public", "private", "local"])),
    (name = "storage", disk = (path = ${text(storageDir)}, writable = true)),
    ${assetsDir ? `(name = "assets", disk = (path = ${text(assetsDir)})),` : ''}
  ],
  sockets = [
    (name = "gateway", address = ${text(`127.0.0.1:${gatewayPort}`)}, http = (), service = "gateway"),
    (name = "bare", address = ${text(`127.0.0.1:${barePort}`)}, http = (), service = "bare"),
  ],
);

const gateway :Workerd.Worker = (
  modules = [(name = "index.js", esModule = embed "index.js")],
  compatibilityDate = ${text(wrangler.compatibilityDate)},
  compatibilityFlags = [${wrangler.compatibilityFlags.map(text).join(', ')}],
  bindings = [${bindings.join(',\n    ')}],
  durableObjectNamespaces = [${namespaces.join(', ')}],
  durableObjectStorage = ${namespaces.length ? '(localDisk = "storage")' : '(none = void)'},
  globalOutbound = "loopback",
);

const bare :Workerd.Worker = (
  modules = [(name = "bare.js", esModule = embed "bare-worker.js")],
  compatibilityDate = ${text(wrangler.compatibilityDate)},
  bindings = [(name = "VENDOR_URL", text = ${text(vendorUrl)})],
  globalOutbound = "loopback",
);

const queueSink :Workerd.Worker = (
  modules = [(name = "sink.js", esModule = "export default { fetch: () => new Response(null, { status: 200 }) }")],
  compatibilityDate = ${text(wrangler.compatibilityDate)},
);
`
}
