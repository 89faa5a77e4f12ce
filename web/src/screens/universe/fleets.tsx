/**
 * Fleets: dispatch from a planet (ships it holds, target, mission with its hold time or union,
 * cargo, speed) with the flight calculator's figures shown live before launch, and the movements:
 * one's own fleets with their countdowns, recall and union invitations, the fleets announced by
 * `fleet_incoming` pushes, buddies' fleets holding at one's planets, and missiles in flight.
 */
import { useSignal, useSignalEffect } from "@preact/signals";
import type { ComponentChildren } from "preact";
import { ok } from "../../api/client";
import { describe } from "../../api/messages";
import { navigate } from "../../router";
import { api } from "../../session";
import type { Incoming, UniverseConnection } from "../../sockets/universe";
import { Action, ErrorLine, useLoad } from "../../ui/async";
import { duration, now, whole } from "../../ui/clock";
import type { Mission } from "../../../../src/universe/engine/fleet/model";
import { at, type Coords, CoordsInputs } from "./coords";
import { objectName } from "./live";
import { MissileFlights } from "./missiles";
import { ShipPicker } from "./ship-picker";
import { UnionForm, UnionPicker } from "./unions";

type Kind = "planet" | "moon" | "debris";
type FleetList = Awaited<ReturnType<typeof listFleets>>;
type Fleet = FleetList["fleets"][number];

/** Every fleet mission the server flies (missiles are no fleet: they are fired from the planet screen). */
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
      <MissileFlights conn={conn} />
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
  const holdHours = useSignal(1);
  const unionId = useSignal("");
  // One key per order: a retry after a lost answer answers the first launch instead of flying twice.
  const key = useSignal(crypto.randomUUID());
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
          // An ACS defend's fuel includes the hold's: the calculator wants the hours too.
          ...(mission.value === "acs_defend" ? { holdHours: holdHours.value } : {}),
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
    void [ships.value, target.value, speed.value, mission.value, holdHours.value];
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
  const f = figures.value;
  const launch = async () => {
    launched.value = null;
    const fleet = await ok(
      api.v1.universes[":u"].fleets.$post({
        param: { u },
        header: { "idempotency-key": key.value },
        json: {
          from: planetId,
          to: { ...target.value, kind: kind.value },
          mission: mission.value,
          ships: chosen(),
          cargo: cargo.value,
          speed: speed.value,
          ...(mission.value === "acs_defend" ? { holdHours: holdHours.value } : {}),
          ...(mission.value === "acs_attack" ? { unionId: unionId.value } : {}),
        },
      }),
    );
    key.value = crypto.randomUUID();
    launched.value = `${objectName(fleet.mission)} to ${at(fleet.to)} launched: arrives in ${duration(fleet.arrivalAt - Date.now())}.`;
    ships.value = {};
    cargo.value = { metal: 0, crystal: 0, deuterium: 0 };
    await planet.reload();
  };

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
      <ShipPicker legend="Ships" have={p.ships} empty="No ships on this planet: order some at the shipyard." ships={ships} all />
      <fieldset>
        <legend>Target</legend>
        <div class="grid">
          <CoordsInputs value={target} />
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
          {mission.value === "acs_defend" && (
            <label>
              Hold for
              <select value={holdHours.value} onChange={(e) => (holdHours.value = Number(e.currentTarget.value))}>
                {Array.from({ length: 32 }, (_, i) => i + 1).map((h) => (
                  <option key={h} value={h}>
                    {h} h
                  </option>
                ))}
              </select>
            </label>
          )}
          {mission.value === "acs_attack" && <UnionPicker conn={conn} value={unionId} />}
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
  const holding = list.data.value?.holding ?? [];
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
      {list.data.value && fleets.length === 0 && <p>No fleets in flight.</p>}
      <ul class="fleets">
        {fleets.map((fl) => (
          <FleetRow
            key={fl.id}
            fleet={fl}
            t={t}
            recall={() => ok(api.v1.universes[":u"].fleets[":id"].recall.$post({ param: { u, id: fl.id } })).then(list.reload)}
            union={<UnionForm u={u} fleetId={fl.id} onFormed={() => void list.reload()} />}
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
      {holding.length > 0 && <Holding fleets={holding} t={t} />}
    </section>
  );
}

function FleetRow({ fleet: fl, t, recall, union }: { fleet: Fleet; t: number; recall: () => Promise<unknown>; union: ComponentChildren }) {
  const out = fl.state === "outbound" || fl.state === "holding";
  // An attack on its way may become a union; one already in a union says so.
  const canUnite = fl.state === "outbound" && fl.mission === "attack" && fl.unionId === null && fl.arrivalAt > t;
  return (
    <li data-fleet={fl.id} data-state={fl.state}>
      <strong>{objectName(fl.mission)}</strong> {at(fl.from)} → {at(fl.to)} ({fl.to.kind}) · {units(fl.ships)} · {fl.state}
      {fl.unionId !== null && " · in a union"}
      <br />
      <small>
        Left {duration(t - fl.departureAt)} ago ·{" "}
        {fl.state === "holding" ? (
          <span>holding at the target</span>
        ) : out ? (
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
      {canUnite && union}
    </li>
  );
}

function IncomingRow({ fleet: i, t }: { fleet: Incoming; t: number }) {
  return (
    <li data-incoming={i.fleetId}>
      <strong>{objectName(i.mission)}</strong> from {i.ownerUsername} [{at(i.origin)}] to {at(i.target)} ·{" "}
      {i.ships ? units(i.ships) : "ships unseen"}
      <br />
      <small role="timer">arrives in {duration(i.arrivalAt - t)}</small>
    </li>
  );
}

/** Buddies' fleets holding at one's planets (ACS defend): they fight beside the planet until their hold ends. */
function Holding({ fleets, t }: { fleets: FleetList["holding"]; t: number }) {
  return (
    <>
      <h2>Holding at your planets</h2>
      <ul class="fleets">
        {fleets.map((h) => (
          <li key={h.fleetId} data-holding={h.fleetId}>
            <strong>{h.ownerUsername}</strong> [{at(h.origin)}] at {at(h.target)} ({h.target.kind}) · {units(h.ships)}
            <br />
            <small role="timer">leaves in {duration(h.holdUntil - t)}</small>
          </li>
        ))}
      </ul>
    </>
  );
}
