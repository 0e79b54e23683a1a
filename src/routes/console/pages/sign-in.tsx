/** The sign-in form: a gateway key, sent once and kept by no page, cookie or log. */
export function SignInPage(props: { error?: string; notice?: string }) {
  return (
    <>
      {props.notice && (
        <p class="notice" role="status">
          {props.notice}
        </p>
      )}
      {props.error && (
        <p class="problem" role="alert" id="sign-in-error">
          {props.error}
        </p>
      )}
      <form method="post" action="/console/sign-in" class="stack sign-in">
        <label for="key">Gateway key</label>
        <input
          id="key"
          name="key"
          type="password"
          autocomplete="off"
          required
          maxlength={512}
          aria-describedby={props.error ? 'sign-in-error key-help' : 'key-help'}
        />
        <p id="key-help" class="note">
          A root key from GATEWAY_API_KEYS or a managed key (sk_…). The console keeps only a session; the key
          is not stored.
        </p>
        <button type="submit">Sign in</button>
      </form>
    </>
  )
}
