import { SCOPES } from '../../../contract/scopes'
import { ProblemNote, when } from '../layout'

export interface KeyView {
  id: string
  name: string
  prefix: string
  scopes: string[]
  providers: string[] | null
  createdAt: string
  lastUsedAt: string | null
  expiresAt: string | null
}

type Problem = { problem: { title?: string; detail?: string }; status: number }

export function KeysPage(props: {
  keys: KeyView[] | null
  listProblem?: Problem
  actionProblem?: Problem
  created?: { name: string; secret: string }
  notice?: string
  canWrite: boolean
}) {
  return (
    <>
      {props.created && (
        <section class="secret" aria-labelledby="new-secret" role="status">
          <h2 id="new-secret">Key “{props.created.name}” created</h2>
          <p>Copy its secret now: it is shown this once and never again.</p>
          <label for="secret-value">Secret</label>
          <input id="secret-value" readonly value={props.created.secret} size={60} />
          <p>
            <a href="/console/keys">Done, I have copied it</a>. Leaving or reloading this page hides it for
            good.
          </p>
        </section>
      )}
      {props.notice && (
        <p class="notice" role="status">
          {props.notice}
        </p>
      )}
      {props.actionProblem && <ProblemNote {...props.actionProblem} />}
      {props.listProblem ? (
        <ProblemNote {...props.listProblem} />
      ) : (
        <div class="scroll">
          <table>
            <caption>This project's live keys (secrets are never shown again).</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Prefix</th>
                <th scope="col">Scopes</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                {props.canWrite && <th scope="col">Revoke</th>}
              </tr>
            </thead>
            <tbody>
              {(props.keys ?? []).map((k) => (
                <tr data-key={k.id}>
                  <th scope="row">{k.name}</th>
                  <td>
                    <code>{k.prefix}…</code>
                  </td>
                  <td>{k.scopes.join(' ')}</td>
                  <td>{when(k.createdAt)}</td>
                  <td>{when(k.lastUsedAt)}</td>
                  {props.canWrite && (
                    <td>
                      <form method="post" action={`/console/keys/${encodeURIComponent(k.id)}/revoke`}>
                        <button type="submit" class="danger" aria-label={`Revoke key ${k.name}`}>
                          Revoke
                        </button>
                      </form>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {props.canWrite ? (
        <form method="post" action="/console/keys" class="stack" aria-labelledby="create-key">
          <h2 id="create-key">Create a key</h2>
          <label for="key-name">Name</label>
          <input id="key-name" name="name" required maxlength={100} />
          <fieldset>
            <legend>Scopes (none ticked: the default set)</legend>
            {SCOPES.map((scope) => (
              <label class="check">
                <input type="checkbox" name="scopes" value={scope} /> {scope}
              </label>
            ))}
          </fieldset>
          <button type="submit">Create key</button>
        </form>
      ) : (
        <p class="note">This key lacks keys:write: it cannot create or revoke keys.</p>
      )}
    </>
  )
}
