import type { ProviderInfo } from '../../../contract/provider'
import { OPERATIONS } from '../../../contract/provider'
import { when } from '../layout'

const ms = (value: number | null) => (value === null ? '—' : `${Math.round(value)} ms`)

/** Breaker, concurrency and the last 5 minutes of vendor requests: `health` of GET /v1/providers. */
function Health(props: { providers: ProviderInfo[] }) {
  return (
    <div class="scroll">
      <table>
        <caption>Health, shared by every project: the circuit breaker and the last 5 minutes.</caption>
        <thead>
          <tr>
            <th scope="col">Provider</th>
            <th scope="col">Breaker</th>
            <th scope="col">Failures in a row</th>
            <th scope="col">In flight / cap</th>
            <th scope="col">Requests (5 min)</th>
            <th scope="col">Failures (5 min)</th>
            <th scope="col">p50</th>
            <th scope="col">p95</th>
            <th scope="col">Last failure</th>
          </tr>
        </thead>
        <tbody>
          {props.providers.map(({ id, name, health: h }) => (
            <tr data-health={id}>
              <th scope="row">{name}</th>
              <td>
                <span class={`badge b-${h.state}`}>{h.state.replace('_', '-')}</span>
                {h.retryAt ? ` until ${when(h.retryAt)}` : ''}
              </td>
              <td>{h.consecutiveFailures}</td>
              <td>
                {h.inFlight} / {h.maxConcurrent ?? 'no cap'}
                {h.vendorLimit !== null ? ` (vendor limit ${h.vendorLimit})` : ''}
              </td>
              <td>{h.recent.requests}</td>
              <td>{h.recent.failures}</td>
              <td>{ms(h.recent.p50Ms)}</td>
              <td>{ms(h.recent.p95Ms)}</td>
              <td>
                {h.lastFailure
                  ? `${h.lastFailure.code}${h.lastFailure.upstream ? ` (${h.lastFailure.upstream})` : ''} ${when(h.lastFailure.at)}`
                  : '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/** Health, configured or not, and the capability matrix of GET /v1/providers. */
export function ProvidersPage(props: { providers: ProviderInfo[] }) {
  return (
    <>
      <Health providers={props.providers} />
      <div class="scroll">
        <table>
          <caption>What each provider can do, from GET /v1/providers.</caption>
          <thead>
            <tr>
              <th scope="col">Provider</th>
              <th scope="col">Configured</th>
              {OPERATIONS.map((op) => (
                <th scope="col">{op}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.providers.map((p) => (
              <tr data-provider={p.id}>
                <th scope="row">
                  <a href={p.docsUrl} rel="noreferrer noopener">
                    {p.name}
                  </a>
                </th>
                <td>
                  <span class={`badge ${p.configured ? 'yes' : 'no'}`}>{p.configured ? 'yes' : 'no'}</span>
                </td>
                {OPERATIONS.map((op) => (
                  <td class={p.operations[op] ? 'yes' : 'no'}>{p.operations[op] ? '✓ yes' : '— no'}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  )
}
