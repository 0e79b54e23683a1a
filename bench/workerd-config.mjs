// Generates a workerd capnp config that gives the bundled Worker the bindings wrangler.toml declares,
// so the benchmark runs the Worker on workerd itself rather than behind `wrangler dev`'s proxy.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
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
    d1Databases: (config.d1_databases ?? []).map((b) => ({
      binding: b.binding,
      migrations: readMigrations(b.migrations_dir ?? 'migrations'),
    })),
    unsupported: [
      ...(config.kv_namespaces ?? []).map((b) => `kv:${b.binding}`),
      ...(config.r2_buckets ?? []).map((b) => `r2:${b.binding}`),
      ...(config.services ?? []).map((b) => `service:${b.binding}`),
      ...(config.workflows ?? []).map((b) => `workflow:${b.binding}`),
    ],
  }
}

/** The D1 migrations, in the order wrangler applies them. */
function readMigrations(dir) {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.sql'))
    .sort()
    .map((name) => ({ name, sql: readFileSync(join(dir, name), 'utf8') }))
}

/**
 * One workerd config serving two Workers on their own sockets: the gateway bundle and the bare
 * pass-through floor. Both reach the fake vendor through a network service that allows loopback
 * (workerd's default `internet` service only allows public addresses).
 */
export function workerdConfig({
  wrangler,
  gatewayPort,
  barePort,
  d1Ports,
  vars,
  storageDir,
  assetsDir,
  vendorUrl,
}) {
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
  // D1 through the same internal client deployed Workers use, served by bench/d1-shim.js.
  for (const [i, d] of wrangler.d1Databases.entries()) {
    bindings.push(
      `(name = ${text(d.binding)}, wrapped = (moduleName = "cloudflare-internal:d1-api", innerBindings = [(name = "fetcher", service = "d1-${i}")]))`,
    )
  }
  // Each database is an external service: the D1 stand-in runs in its own workerd (d1Config), as
  // D1 runs on Cloudflare's servers, so its SQL work is not counted as the gateway's CPU.
  const d1Services = wrangler.d1Databases
    .map(
      (_, i) => `(name = "d1-${i}", external = (address = ${text(`127.0.0.1:${d1Ports[i]}`)}, http = ())),`,
    )
    .join('\n    ')
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
    ${d1Services}
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

/**
 * The D1 stand-in's own workerd config: one bench/d1-shim.js Worker per database of wrangler.toml,
 * each on its socket (`d1Ports[i]`), which the gateway's config reaches as an external service.
 */
export function d1Config({ wrangler, d1Ports, storageDir }) {
  const services = wrangler.d1Databases.map((_, i) => `(name = "d1-${i}", worker = .d1Shim${i}),`)
  const sockets = wrangler.d1Databases.map(
    (_, i) =>
      `(name = "d1-${i}", address = ${text(`127.0.0.1:${d1Ports[i]}`)}, http = (), service = "d1-${i}"),`,
  )
  const workers = wrangler.d1Databases.map(
    (d, i) => `
const d1Shim${i} :Workerd.Worker = (
  modules = [(name = "d1-shim.js", esModule = embed "d1-shim.js")],
  compatibilityDate = ${text(wrangler.compatibilityDate)},
  bindings = [(name = "DB", durableObjectNamespace = "D1Shim"), (name = "MIGRATIONS", text = ${text(JSON.stringify(d.migrations))})],
  durableObjectNamespaces = [(className = "D1Shim", uniqueKey = ${text(`bench-d1-${i}`)}, enableSql = true)],
  durableObjectStorage = (localDisk = "storage"),
);`,
  )
  return `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    ${services.join('\n    ')}
    (name = "storage", disk = (path = ${text(storageDir)}, writable = true)),
  ],
  sockets = [
    ${sockets.join('\n    ')}
  ],
);
${workers.join('\n')}
`
}
