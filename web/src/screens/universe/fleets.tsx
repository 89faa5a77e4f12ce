/**
 * Fleets: dispatch from a planet (ships it holds, target, mission, cargo, speed) with the flight
 * calculator's figures shown live before launch, and the movements: one's own fleets with their
 * countdowns and recall, and the fleets announced by `fleet_incoming` pushes.
 */
import { useSignal, useSignalEffect } from "@preact/signals";
import { ok } from "../../api/client";
import { describe } from "../../api/messages";
import { navigate } from "../../router";
import { api } from "../../session";
import type { Incoming, UniverseConnection } from "../../sockets/universe";
import { Action, ErrorLine, useLoad } from "../../ui/async";
import { duration, now, whole } from "../../ui/clock";
import type { Mission } from "../../../../src/universe/engine/fleet/model";
import { objectName } from "./live";

type Coords = { galaxy: number; system: number; position: number };
type Kind = "planet" | "moon" | "debris";
type Fleet = Awaited<ReturnType<typeof listFleets>>["fleets"][number];

/** Fleet missions (missiles do not fly as fleets), the ones flown in this version first; the server refuses the others with a sentence. */
export const MISSIONS: Mission[] = [
  "transport",
  "deploy",
  "attack",
  "acs_attack",
  "acs_defend",
  "espionage",
  "colonise",
  "recycle",
  "moon_destruction",
];
const CARGO = ["metal", "crystal", "deuterium"] as const;
const at = (c: Coords): string => `${c.galaxy}:${c.system}:${c.position}`;
const units = (counts: Record<string, number>): string =>
  Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} × ${objectName(s)}`)
    .join(", ");

const listFleets = (u: string) => ok(api.v1.universes[":u"].fleets.$get({ param: { u } }));

export function Fleets({ conn, planetId }: { conn: UniverseConnection; planetId: string | undefined }) {
  const home = planetId ?? conn.empire.value?.planets[0]?.id;
  return (
    <div class="stack">
      {home && <Dispatch key={home} conn={conn} planetId={home} />}
      <Movements conn={conn} />
    </div>
  );
}

function Dispatch({ conn, planetId }: { conn: UniverseConnection; planetId: string }) {
  const u = conn.universeId;
  const planet = useLoad(() => {
    void conn.tick.value;
    return ok(api.v1.universes[":u"].planets[":p"].$get({ param: { u, p: planetId } }));
  });
  const ships = useSignal<Record<string, number>>({});
  const target = useSignal<Coords>({ galaxy: 1, system: 1, position: 1 });
  const kind = useSignal<Kind>("planet");
  const mission = useSignal<Mission>("transport");
  const cargo = useSignal({ metal: 0, crystal: 0, deuterium: 0 });
  const speed = useSignal(100);
  const figures = useSignal<Awaited<ReturnType<typeof calc>> | null>(null);
  const calcError = useSignal<string | null>(null);
  const launched = useSignal<string | null>(null);
  const p = planet.data.value;

  const chosen = () => Object.fromEntries(Object.entries(ships.value).filter(([, n]) => n > 0));
  const research = conn.empire.value?.research ?? {};
  const calc = (from: Coords) =>
    ok(
      api.v1.universes[":u"].calc.flight.$post({
        param: { u },
        json: {
          from,
          to: target.value,
          ships: chosen(),
          speed: speed.value,
          mission: mission.value,
          techs: {
            combustionDrive: research.combustion_drive ?? 0,
            impulseDrive: research.impulse_drive ?? 0,
            hyperspaceDrive: research.hyperspace_drive ?? 0,
            hyperspaceTechnology: research.hyperspace_technology ?? 0,
            computerTechnology: research.computer_technology ?? 0,
          },
        },
      }),
    );

  // The figures follow the form: recomputed by the server's own calculator a moment after each change.
  useSignalEffect(() => {
    const from = planet.data.value?.coords;
    void [ships.value, target.value, speed.value, mission.value];
    if (!from || Object.keys(chosen()).length === 0) {
      figures.value = null;
      return;
    }
    const timer = setTimeout(() => {
      calc(from).then(
        (r) => {
          figures.value = r;
          calcError.value = null;
        },
        (e) => {
          figures.value = null;
          calcError.value = describe(e);
        },
      );
    }, 250);
    return () => clearTimeout(timer);
  });

  if (!p) return planet.error.value ? <ErrorLine error={planet.error} /> : <p role="status">Loading the planet…</p>;
  const planets = conn.empire.value?.planets ?? [];
  const available = Object.entries(p.ships).filter(([, n]) => n > 0);
  const f = figures.value;
  const launch = async () => {
    launched.value = null;
    const fleet = await ok(
      api.v1.universes[":u"].fleets.$post({
        param: { u },
        header: {},
        json: {
          from: planetId,
          to: { ...target.value, kind: kind.value },
          mission: mission.value,
          ships: chosen(),
          cargo: cargo.value,
          speed: speed.value,
        },
      }),
    );
    launched.value = `${objectName(fleet.mission)} to ${at(fleet.to)} launched: arrives in ${duration(fleet.arrivalAt - Date.now())}.`;
    ships.value = {};
    cargo.value = { metal: 0, crystal: 0, deuterium: 0 };
    await planet.reload();
  };
  const coordField = (key: keyof Coords, label: string) => (
    <label>
      {label}
      <input
        type="number"
        min={1}
        value={target.value[key]}
        onInput={(e) => (target.value = { ...target.value, [key]: Number(e.currentTarget.value) })}
      />
    </label>
  );

  return (
    <section class="card" aria-labelledby="dispatch-title">
      <h1 id="dispatch-title">
        Dispatch from {p.name} <small>[{at(p.coords)}]</small>
      </h1>
      {planets.length > 1 && (
        <label>
          From
          <select value={planetId} onChange={(e) => navigate(`/universe/${u}/fleets/${e.currentTarget.value}`)}>
            {planets.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name} [{at(o.coords)}]
              </option>
            ))}
          </select>
        </label>
      )}
      <fieldset>
        <legend>Ships</legend>
        {available.length === 0 && <p>No ships on this planet: order some at the shipyard.</p>}
        <div class="grid">
          {available.map(([ship, have]) => (
            <label key={ship}>
              {objectName(ship)} (have {whole(have)})
              <span class="row">
                <input
                  type="number"
                  min={0}
                  max={have}
                  value={ships.value[ship] ?? 0}
                  onInput={(e) => (ships.value = { ...ships.value, [ship]: Number(e.currentTarget.value) })}
                />
                <button
                  type="button"
                  aria-label={`All ${objectName(ship)}`}
                  onClick={() => (ships.value = { ...ships.value, [ship]: have })}
                >
                  All
                </button>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset>
        <legend>Target</legend>
        <div class="grid">
          {coordField("galaxy", "Galaxy")}
          {coordField("system", "System")}
          {coordField("position", "Position")}
          <label>
            Target kind
            <select value={kind.value} onChange={(e) => (kind.value = e.currentTarget.value as Kind)}>
              <option value="planet">planet</option>
              <option value="moon">moon</option>
              <option value="debris">debris field</option>
            </select>
          </label>
          <label>
            Mission
            <select value={mission.value} onChange={(e) => (mission.value = e.currentTarget.value as Mission)}>
              {MISSIONS.map((m) => (
                <option key={m} value={m}>
                  {objectName(m)}
                </option>
              ))}
            </select>
          </label>
          <label>
            Speed
            <select value={speed.value} onChange={(e) => (speed.value = Number(e.currentTarget.value))}>
              {Array.from({ length: 10 }, (_, i) => 100 - i * 10).map((n) => (
                <option key={n} value={n}>
                  {n} %
                </option>
              ))}
            </select>
          </label>
        </div>
      </fieldset>
      <fieldset>
        <legend>Cargo</legend>
        <div class="grid">
          {CARGO.map((r) => (
            <label key={r}>
              {objectName(r)} (have {whole(p.resources[r])})
              <input
                type="number"
                min={0}
                value={cargo.value[r]}
                onInput={(e) => (cargo.value = { ...cargo.value, [r]: Number(e.currentTarget.value) })}
              />
            </label>
          ))}
        </div>
      </fieldset>
      <ErrorLine error={calcError} />
      {f && (
        <dl class="stats" aria-live="polite" aria-label="Flight">
          <div>
            <dt>Distance</dt>
            <dd>{whole(f.distance)}</dd>
          </div>
          <div>
            <dt>Duration</dt>
            <dd>{duration(f.durationSeconds * 1000)}</dd>
          </div>
          <div>
            <dt>Round trip</dt>
            <dd>{f.roundTripSeconds === null ? "—" : duration(f.roundTripSeconds * 1000)}</dd>
          </div>
          <div>
            <dt>Fuel</dt>
            <dd>{whole(f.fuel)} deuterium</dd>
          </div>
          <div>
            <dt>Cargo room</dt>
            <dd>{whole(f.cargoCapacity)}</dd>
          </div>
        </dl>
      )}
      <Action run={launch} disabled={Object.keys(chosen()).length === 0}>
        Launch
      </Action>
      {launched.value && <p role="status">{launched.value}</p>}
    </section>
  );
}

function Movements({ conn }: { conn: UniverseConnection }) {
  const u = conn.universeId;
  const list = useLoad(() => {
    void conn.tick.value;
    return listFleets(u);
  });
  const t = now.value;
  const fleets = list.data.value?.fleets ?? [];
  const incoming = conn.incoming.value.filter((i) => i.arrivalAt > t);
  return (
    <section class="card" aria-labelledby="movements-title">
      <h2 id="movements-title">
        Fleet movements{" "}
        {list.data.value && (
          <small>
            ({fleets.length} of {list.data.value.slots} slots)
          </small>
        )}
      </h2>
      <ErrorLine error={list.error} />
      {fleets.length === 0 && <p>No fleets in flight.</p>}
      <ul class="fleets">
        {fleets.map((fl) => (
          <FleetRow
            key={fl.id}
            fleet={fl}
            t={t}
            recall={() => ok(api.v1.universes[":u"].fleets[":id"].recall.$post({ param: { u, id: fl.id } })).then(list.reload)}
          />
        ))}
      </ul>
      <h2>Incoming</h2>
      {incoming.length === 0 && <p>No fleets are coming to your planets.</p>}
      <ul class="fleets">
        {incoming.map((i) => (
          <IncomingRow key={i.fleetId} fleet={i} t={t} />
        ))}
      </ul>
    </section>
  );
}

function FleetRow({ fleet: fl, t, recall }: { fleet: Fleet; t: number; recall: () => Promise<unknown> }) {
  const out = fl.state === "outbound" || fl.state === "holding";
  return (
    <li data-fleet={fl.id} data-state={fl.state}>
      <strong>{objectName(fl.mission)}</strong> {at(fl.from)} → {at(fl.to)} ({fl.to.kind}) · {units(fl.ships)} · {fl.state}
      <br />
      <small>
        Left {duration(t - fl.departureAt)} ago ·{" "}
        {out ? (
          <span role="timer">arrives in {duration(fl.arrivalAt - t)}</span>
        ) : (
          <span>arrived{fl.outcome ? ` (${fl.outcome.replaceAll("_", " ")})` : ""}</span>
        )}
        {fl.returnAt !== null && <span role="timer"> · home in {duration(fl.returnAt - t)}</span>}
      </small>{" "}
      {out && (
        <Action run={recall} label={`Recall the ${fl.mission} to ${at(fl.to)}`}>
          Recall
        </Action>
      )}
    </li>
  );
}

function IncomingRow({ fleet: i, t }: { fleet: Incoming; t: number }) {
  return (
    <li data-incoming={i.fleetId}>
      <strong>{objectName(i.mission)}</strong> from {i.ownerUsername} [{at(i.origin)}] to {at(i.target)} · {units(i.ships)}
      <br />
      <small role="timer">arrives in {duration(i.arrivalAt - t)}</small>
    </li>
  );
}
