/** Research from the homeworld's lab: each technology with cost, time and why it cannot start; the queue with countdowns. */
import { ok } from "../../api/client";
import { sentence } from "../../api/messages";
import { api } from "../../session";
import type { UniverseConnection } from "../../sockets/universe";
import { Action, ErrorLine, useLoad } from "../../ui/async";
import { duration, now } from "../../ui/clock";
import { objectName } from "./live";
import { price } from "./planet";

export function Research({ conn, planetId }: { conn: UniverseConnection; planetId: string }) {
  const u = conn.universeId;
  const view = useLoad(() => {
    void conn.tick.value;
    return ok(api.v1.universes[":u"].research.$get({ param: { u }, query: { planet: planetId } }));
  });
  const r = view.data.value;
  if (!r) return view.error.value ? <ErrorLine error={view.error} /> : <p role="status">Loading research…</p>;
  return (
    <section class="card">
      <h1>Research</h1>
      <h2>Queue</h2>
      {r.queue.length === 0 && <p>No research running.</p>}
      <ol class="queue">
        {r.queue.map((e) => (
          <li key={e.id}>
            {objectName(e.object)} level {e.level}
            {e.endsAt ? <span role="timer"> — {duration(e.endsAt - now.value)} left</span> : " — waiting"}{" "}
            <Action
              label={`Cancel ${objectName(e.object)}`}
              run={async () => {
                view.data.value = await ok(api.v1.universes[":u"].research.queue[":entry"].$delete({ param: { u, entry: e.id } }));
              }}
            >
              Cancel
            </Action>
          </li>
        ))}
      </ol>
      <table>
        <thead>
          <tr>
            <th scope="col">Technology</th>
            <th scope="col">Level</th>
            <th scope="col">Next level costs</th>
            <th scope="col">Time</th>
            <th scope="col">
              <span class="sr-only">Research</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {r.technologies.map((t) => (
            <tr key={t.object}>
              <th scope="row">{objectName(t.object)}</th>
              <td>{t.level}</td>
              <td>{t.next ? price(t.next.cost) : "—"}</td>
              <td>{t.next ? duration(t.next.seconds * 1000) : "—"}</td>
              <td>
                {t.canResearch ? (
                  <Action
                    label={`Research ${objectName(t.object)}`}
                    run={async () => {
                      view.data.value = await ok(
                        api.v1.universes[":u"].research[":tech"].$post({ param: { u, tech: t.object }, json: { planet: planetId } }),
                      );
                    }}
                  >
                    Research
                  </Action>
                ) : (
                  <small class="blocked">{t.blockedBy ? sentence(t.blockedBy) : "—"}</small>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
