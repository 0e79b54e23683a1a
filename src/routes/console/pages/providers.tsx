import type { ProviderInfo } from '../../../schemas/provider'
import { OPERATIONS } from '../../../schemas/provider'

/** Configured or not, and the capability matrix of GET /v1/providers: which operations each has. */
export function ProvidersPage(props: { providers: ProviderInfo[] }) {
  return (
    <>
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
      <p class="note">
        Breaker state, in-flight calls against caps and recent latency appear here once provider health
        (routing) is part of this gateway.
      </p>
    </>
  )
}
