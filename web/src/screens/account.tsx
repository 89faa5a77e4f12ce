/** Register, log in, log out, and the account's sessions (revoke one, or all). */
import { useSignal } from "@preact/signals";
import { ok } from "../api/client";
import { navigate } from "../router";
import { api, session, signIn, signOut } from "../session";
import { Action, ErrorLine, useLoad, useRun } from "../ui/async";
import { when } from "../ui/clock";

export function SignIn() {
  const mode = useSignal<"login" | "register">("login");
  const name = useSignal("");
  const password = useSignal("");
  const send = useRun(async () => {
    const grant =
      mode.value === "login"
        ? await ok(api.v1.auth.login.$post({ json: { login: name.value, password: password.value } }))
        : await ok(api.v1.auth.register.$post({ json: { username: name.value, password: password.value } }));
    signIn(grant);
  });
  const registering = mode.value === "register";
  return (
    <section class="card narrow">
      <h1>{registering ? "Create an account" : "Log in"}</h1>
      <form onSubmit={send.submit}>
        <label>
          {registering ? "Username" : "Username or email"}
          <input
            name="username"
            autoComplete="username"
            required
            value={name.value}
            onInput={(e) => (name.value = e.currentTarget.value)}
          />
        </label>
        <label>
          Password {registering && <small>(8 characters or more)</small>}
          <input
            name="password"
            type="password"
            autoComplete={registering ? "new-password" : "current-password"}
            required
            minLength={registering ? 8 : 1}
            value={password.value}
            onInput={(e) => (password.value = e.currentTarget.value)}
          />
        </label>
        <ErrorLine error={send.error} />
        <button type="submit" disabled={send.busy.value}>
          {registering ? "Register" : "Log in"}
        </button>
      </form>
      <p>
        {registering ? "Have an account? " : "New here? "}
        <button type="button" class="link" onClick={() => (mode.value = registering ? "login" : "register")}>
          {registering ? "Log in" : "Create an account"}
        </button>
      </p>
    </section>
  );
}

export async function logOut(): Promise<void> {
  await ok(api.v1.auth.logout.$post()).catch(() => undefined);
  signOut();
  navigate("/");
}

export function Account() {
  const sessions = useLoad(() => ok(api.v1.auth.sessions.$get()));
  const me = session.value?.user;
  return (
    <section class="card">
      <h1>Account</h1>
      <p>
        Signed in as <strong>{me?.username}</strong> ({me?.role}).
      </p>
      <div class="row">
        <Action run={logOut}>Log out</Action>
        <Action
          run={async () => {
            await ok(api.v1.auth["logout-all"].$post());
            signOut();
            navigate("/");
          }}
        >
          Log out everywhere
        </Action>
      </div>
      <h2>Sessions</h2>
      <ErrorLine error={sessions.error} />
      <table>
        <thead>
          <tr>
            <th scope="col">Device</th>
            <th scope="col">Last used</th>
            <th scope="col">
              <span class="sr-only">Revoke</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {sessions.data.value?.sessions.map((s) => (
            <tr key={s.id}>
              <td class="device">
                {s.userAgent ?? "unknown"} {s.current && <em>(this one)</em>}
              </td>
              <td>{when(s.lastUsedAt)}</td>
              <td>
                <Action
                  label={`Revoke session ${s.id}`}
                  run={async () => {
                    await ok(api.v1.auth.sessions[":id"].$delete({ param: { id: s.id } }));
                    if (s.current) signOut();
                    else await sessions.reload();
                  }}
                >
                  Revoke
                </Action>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
