/**
 * A planet: live resources (interpolated from the rates), the buildings with cost, time and the
 * reason one cannot start, the queue with countdowns and cancel, and production percentages.
 * Pushed events (a building finished) reload it, so rates rise without a reload. A moon adds its
 * jump gate and sensor phalanx; a planet with interplanetary missiles, their launch.
 */
import { ok } from "../../api/client";
import { sentence } from "../../api/messages";
import { api } from "../../session";
import type { UniverseConnection } from "../../sockets/universe";
import { Action, ErrorLine, useLoad } from "../../ui/async";
import { duration, now, whole } from "../../ui/clock";
import { liveResources, objectName } from "./live";
import { MissileLaunch } from "./missiles";
import { MoonControls } from "./moon";
import { ResourceBar } from "./overview";

type Price = { metal: number; crystal: number; deuterium: number; energy?: number };

export const price = (c: Price): string =>
  (["metal", "crystal", "deuterium", "energy"] as const)
    .filter((k) => (c[k] ?? 0) > 0)
    .map((k) => `${whole(c[k] ?? 0)} ${k}`)
    .join(", ") || "free";

export function PlanetScreen({ conn, planetId }: { conn: UniverseConnection; planetId: string }) {
  const u = conn.universeId;
  const planet = useLoad(() => {
    void conn.tick.value;
    return ok(api.v1.universes[":u"].planets[":p"].$get({ param: { u, p: planetId } }));
  });
  const p = planet.data.value;
  if (!p) return planet.error.value ? <ErrorLine error={planet.error} /> : <p role="status">Loading the planet…</p>;
  const { hourly, producers } = p.production;
  const live = liveResources(p.resources, hourly, p.capacity, p.at, now.value);
  const param = { u, p: planetId };
  return (
    <div class="stack">
      <section class="card">
        <h1>
          {p.name}{" "}
          <small>
            [{p.coords.galaxy}:{p.coords.system}:{p.coords.position}] · {p.diameter} km · {p.temperature.min}…{p.temperature.max} °C
          </small>
        </h1>
        <ResourceBar resources={live} hourly={hourly} capacity={p.capacity} />
        <p>
          Energy {whole(p.production.energyProduced - p.production.energyUsed)} ({whole(p.production.energyProduced)} produced, production
          at {p.production.factor} %) · fields {p.fields.used}/{p.fields.max} · <a href={`/universe/${u}/shipyard/${planetId}`}>Shipyard</a>
        </p>
      </section>
      {p.type === "moon" && <MoonControls conn={conn} moon={p} onChange={(view) => (planet.data.value = view as typeof p)} />}
      {/* Kept once the silo is emptied: the launch's answer stays readable, and the count says 0. */}
      {((p.defenses.interplanetary_missile ?? 0) > 0 || p.buildings.some((b) => b.object === "missile_silo" && b.level > 0)) && (
        <MissileLaunch
          u={u}
          planetId={planetId}
          have={p.defenses.interplanetary_missile ?? 0}
          onFired={() => void planet.reload()}
        />
      )}
      <section class="card" aria-labelledby="queue-title">
        <h2 id="queue-title">Build queue</h2>
        {p.buildQueue.length === 0 && <p>Nothing is being built.</p>}
        <ol class="queue">
          {p.buildQueue.map((e) => (
            <li key={e.id}>
              {e.kind === "demolish" ? "Demolish " : ""}
              {objectName(e.object)} level {e.level}
              {e.endsAt ? <span role="timer"> — {duration(e.endsAt - now.value)} left</span> : " — waiting"}{" "}
              <Action
                label={`Cancel ${objectName(e.object)} level ${e.level}`}
                run={async () => {
                  planet.data.value = (await ok(
                    api.v1.universes[":u"].planets[":p"].queue[":entry"].$delete({ param: { ...param, entry: e.id } }),
                  )) as typeof p;
                }}
              >
                Cancel
              </Action>
            </li>
          ))}
        </ol>
      </section>
      <section class="card" aria-labelledby="buildings-title">
        <h2 id="buildings-title">Buildings</h2>
        <table class="buildings">
          <thead>
            <tr>
              <th scope="col">Building</th>
              <th scope="col">Level</th>
              <th scope="col">Next level costs</th>
              <th scope="col">Time</th>
              <th scope="col">
                <span class="sr-only">Build</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {p.buildings.map((b) => (
              <tr key={b.object} data-object={b.object}>
                <th scope="row">{objectName(b.object)}</th>
                <td>{b.level}</td>
                <td>{b.next ? price(b.next.cost) : "—"}</td>
                <td>{b.next ? duration(b.next.seconds * 1000) : "—"}</td>
                <td>
                  {b.canBuild ? (
                    <Action
                      label={`Build ${objectName(b.object)} level ${b.level + 1}`}
                      run={async () => {
                        planet.data.value = (await ok(
                          api.v1.universes[":u"].planets[":p"].buildings[":object"].$post({ param: { ...param, object: b.object } }),
                        )) as typeof p;
                      }}
                    >
                      Build
                    </Action>
                  ) : (
                    <small class="blocked">{b.buildBlockedBy ? sentence(b.buildBlockedBy) : "—"}</small>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section class="card" aria-labelledby="production-title">
        <h2 id="production-title">Production</h2>
        <ul class="production">
          {producers.map((pr) => (
            <li key={pr.object}>
              <label>
                {objectName(pr.object)} ({pr.level})
                <select
                  value={pr.percent}
                  onChange={async (e) => {
                    planet.data.value = (await ok(
                      api.v1.universes[":u"].planets[":p"].production[":object"].$put({
                        param: { ...param, object: pr.object },
                        json: { percent: Number(e.currentTarget.value) },
                      }),
                    )) as typeof p;
                  }}
                >
                  {[100, 90, 80, 70, 60, 50, 40, 30, 20, 10, 0].map((n) => (
                    <option key={n} value={n}>
                      {n} %
                    </option>
                  ))}
                </select>
              </label>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
