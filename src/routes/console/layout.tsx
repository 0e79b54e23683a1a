import type { Child } from 'hono/jsx'
import type { Principal } from '../../keys/principal'

export type Page = 'calls' | 'campaigns' | 'providers' | 'usage' | 'keys'
const NAV: [Page, string][] = [
  ['calls', 'Calls'],
  ['campaigns', 'Campaigns'],
  ['providers', 'Providers'],
  ['usage', 'Usage'],
  ['keys', 'Keys'],
]

/** Every console page: a skip link, the navigation, who is signed in, and the page's content. */
export function Layout(props: {
  title: string
  page?: Page
  principal?: Principal
  projects?: string[]
  children?: Child
}) {
  const { principal } = props
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · Switchboard console`}</title>
        <link rel="stylesheet" href="/console/assets/console.css" />
        <script src="/console/assets/console.js" defer />
      </head>
      <body>
        <a class="skip" href="#main">
          Skip to content
        </a>
        <header class="top">
          <a class="brand" href="/console/calls">
            Switchboard
          </a>
          {principal && (
            <nav aria-label="Console">
              <ul>
                {NAV.map(([page, label]) => (
                  <li>
                    <a href={`/console/${page}`} aria-current={props.page === page ? 'page' : undefined}>
                      {label}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          )}
          {principal && (
            <div class="who">
              {principal.kind === 'root' ? (
                <form method="post" action="/console/project" class="inline">
                  <label for="project">Project</label>
                  <input
                    id="project"
                    name="project"
                    list="projects"
                    value={principal.project}
                    required
                    pattern="[a-z0-9][a-z0-9\-]{0,62}"
                    size={12}
                  />
                  <datalist id="projects">
                    {(props.projects ?? []).map((p) => (
                      <option value={p} />
                    ))}
                  </datalist>
                  <button type="submit">Switch</button>
                </form>
              ) : (
                <span>
                  Project <strong>{principal.project}</strong>
                </span>
              )}
              <form method="post" action="/console/sign-out" class="inline">
                <button type="submit">Sign out</button>
              </form>
            </div>
          )}
        </header>
        <main id="main">
          <h1>{props.title}</h1>
          {props.children}
        </main>
      </body>
    </html>
  )
}

/** A refusal from the API, in its own words (it names the missing scope, field or vendor). */
export function ProblemNote(props: { problem: { title?: string; detail?: string }; status: number }) {
  return (
    <p class="problem" role="alert">
      <strong>{props.problem.title ?? `Error ${props.status}`}</strong>
      {props.problem.detail ? ` — ${props.problem.detail}` : ''}
    </p>
  )
}

export const StatusBadge = (props: { status: string }) => (
  <span class={`badge s-${props.status}`}>{props.status}</span>
)

/** Times in UTC, to the second: the same instant for every reader. */
export const when = (iso: string | null | undefined) =>
  iso ? `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC` : '—'
