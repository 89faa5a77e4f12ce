/** The galaxy browser (planets and their moons), the highscore and the notifications (stored ones, plus those pushed live, with any espionage report they carry). */
import { useSignal } from "@preact/signals";
import { ok } from "../../api/client";
import { api } from "../../session";
import type { UniverseConnection } from "../../sockets/universe";
import { Action, ErrorLine, useLoad } from "../../ui/async";
import { when, whole } from "../../ui/clock";
import { EspionageView, espionageIn } from "./espionage";

type Coords = { galaxy: number; system: number; position: number };

export function Galaxy({ u, home }: { u: string; home: Coords | undefined }) {
  const g = useSignal(home?.galaxy ?? 1);
  const s = useSignal(home?.system ?? 1);
  const view = useLoad(() => ok(api.v1.universes[":u"].galaxy[":g"][":s"].$get({ param: { u, g: String(g.value), s: String(s.value) } })));
  return (
    <section class="card">
      <h1>Galaxy</h1>
      <div class="row">
        <label>
          Galaxy
          <input type="number" min={1} value={g.value} onChange={(e) => (g.value = Number(e.currentTarget.value))} />
        </label>
        <label>
          System
          <input type="number" min={1} value={s.value} onChange={(e) => (s.value = Number(e.currentTarget.value))} />
        </label>
        <button type="button" onClick={() => (s.value = Math.max(1, s.value - 1))}>
          ◀ Previous system
        </button>
        <button type="button" onClick={() => (s.value += 1)}>
          Next system ▶
        </button>
      </div>
      <ErrorLine error={view.error} />
      <table>
        <thead>
          <tr>
            <th scope="col">Position</th>
            <th scope="col">Planet</th>
            <th scope="col">Owner</th>
          </tr>
        </thead>
        <tbody>
          {view.data.value?.positions.map((p) => (
            <tr key={p.position}>
              <td>{p.position}</td>
              <td>
                {p.planet?.name ?? "—"}
                {p.moon && (
                  <small class="moon" data-moon={p.moon.id}>
                    {" "}
                    · moon {p.moon.name} ({whole(p.moon.diameter)} km)
                  </small>
                )}
              </td>
              <td>{p.planet ? `${p.planet.owner.username}${p.planet.owner.rank ? ` (#${p.planet.owner.rank})` : ""}` : ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function Highscore({ u }: { u: string }) {
  const board = useLoad(() => ok(api.v1.universes[":u"].highscore.$get({ param: { u }, query: {} })));
  const b = board.data.value;
  return (
    <section class="card">
      <h1>Highscore</h1>
      <ErrorLine error={board.error} />
      {b?.me && (
        <p>
          You are #{b.me.rank} with {whole(b.me.points)} points.
        </p>
      )}
      <table>
        <thead>
          <tr>
            <th scope="col">Rank</th>
            <th scope="col">Player</th>
            <th scope="col">Points</th>
          </tr>
        </thead>
        <tbody>
          {b?.entries.map((e) => (
            <tr key={e.userId}>
              <td>{e.rank}</td>
              <td>{e.username}</td>
              <td>{whole(e.points)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function Notifications({ conn }: { conn: UniverseConnection }) {
  const u = conn.universeId;
  const page = useLoad(() => {
    void conn.tick.value;
    return ok(api.v1.universes[":u"].notifications.$get({ param: { u }, query: {} }));
  });
  return (
    <section class="card">
      <h1>Notifications</h1>
      <ErrorLine error={page.error} />
      {page.data.value && page.data.value.unread > 0 && (
        <Action
          run={async () => {
            await ok(api.v1.universes[":u"].notifications.read.$post({ param: { u }, json: { all: true } }));
            conn.notices.value = [];
            await page.reload();
          }}
        >
          Mark all read
        </Action>
      )}
      {page.data.value?.notifications.length === 0 && <p>Nothing yet.</p>}
      <ul class="notices">
        {page.data.value?.notifications.map((n) => (
          <li key={n.id} class={n.read ? "" : "unread"}>
            <small>{when(n.createdAt)}</small> {n.message}
            <Spied data={n.data} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function Spied({ data }: { data: Record<string, unknown> }) {
  const spied = espionageIn(data);
  return spied ? <EspionageView report={spied.report} target={spied.target} /> : null;
}
