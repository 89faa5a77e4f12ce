/** The empire at a glance: every planet with its live resources, rates, fields and what it builds. */
import type { UniverseConnection } from "../../sockets/universe";
import { duration, now, whole } from "../../ui/clock";
import { liveResources, objectName } from "./live";

export function Overview({ conn }: { conn: UniverseConnection }) {
  const empire = conn.empire.value;
  if (!empire) return <p role="status">Loading your empire…</p>;
  const u = conn.universeId;
  return (
    <section class="card">
      <h1>Empire</h1>
      <p>
        Score {whole(empire.score.total)} (economy {whole(empire.score.buildings)}, research {whole(empire.score.research)}, military{" "}
        {whole(empire.score.military)})
      </p>
      <div class="planets">
        {empire.planets.map((p) => {
          const r = liveResources(p.resources, p.hourly, p.capacity, empire.at, now.value);
          return (
            <article key={p.id} class="planet-card">
              <h2>
                <a href={`/universe/${u}/planet/${p.id}`}>{p.name}</a>{" "}
                <small>
                  [{p.coords.galaxy}:{p.coords.system}:{p.coords.position}]
                </small>
              </h2>
              <ResourceBar resources={r} hourly={p.hourly} capacity={p.capacity} />
              <p>
                Fields {p.fields.used}/{p.fields.max} ·{" "}
                {p.building?.endsAt
                  ? `building ${objectName(p.building.object)} ${p.building.level}: ${duration(p.building.endsAt - now.value)}`
                  : "nothing building"}{" "}
                · <a href={`/universe/${u}/shipyard/${p.id}`}>Shipyard</a>
              </p>
            </article>
          );
        })}
      </div>
      {empire.researchQueue[0]?.endsAt && (
        <p>
          Researching {objectName(empire.researchQueue[0].object)} {empire.researchQueue[0].level}:{" "}
          {duration(empire.researchQueue[0].endsAt - now.value)}
        </p>
      )}
    </section>
  );
}

type R = { metal: number; crystal: number; deuterium: number };

export function ResourceBar({ resources, hourly, capacity }: { resources: R; hourly: R; capacity: R }) {
  return (
    <dl class="resources">
      {(["metal", "crystal", "deuterium"] as const).map((k) => (
        <div key={k} data-resource={k}>
          <dt>{objectName(k)}</dt>
          <dd>
            <span class="amount">{whole(resources[k])}</span> <small>/ {whole(capacity[k])}</small>
            <br />
            <small class="rate" data-rate={k}>
              {hourly[k] >= 0 ? "+" : ""}
              {whole(hourly[k])}/h
            </small>
          </dd>
        </div>
      ))}
    </dl>
  );
}
