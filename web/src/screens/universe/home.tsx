/** The universes of this server: enter one (joining it the first time gives a homeworld). */
import { ok } from "../../api/client";
import { ApiError } from "../../api/client";
import { navigate } from "../../router";
import { api } from "../../session";
import { Action, ErrorLine, useLoad } from "../../ui/async";

export function UniverseHome() {
  const list = useLoad(() => ok(api.v1.universes.$get()));
  const enter = async (u: string) => {
    try {
      await ok(api.v1.universes[":u"].join.$post({ param: { u }, json: {} }));
    } catch (e) {
      if (!(e instanceof ApiError && e.code === "already_joined")) throw e;
    }
    navigate(`/universe/${u}`);
  };
  return (
    <section class="card">
      <h1>Universes</h1>
      <ErrorLine error={list.error} />
      <ul class="universes">
        {list.data.value?.universes.map((u) => (
          <li key={u.id}>
            <strong>{u.name}</strong> <small>({u.id})</small> economy ×{(u.settings as { economySpeed?: number }).economySpeed ?? 1}{" "}
            <Action run={() => enter(u.id)} label={`Enter ${u.name}`}>
              Enter
            </Action>
          </li>
        ))}
      </ul>
    </section>
  );
}
