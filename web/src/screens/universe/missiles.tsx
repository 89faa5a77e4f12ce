/**
 * Interplanetary missiles: the launch form of a planet whose silo holds some (coordinates, count,
 * an optional primary target), and the missiles in flight, one's own and those coming at one's
 * planets. Missiles are no fleet: no slot, no recall; they strike at the impact time and both
 * players get a missile report.
 */
import { useSignal } from "@preact/signals";
import { ok } from "../../api/client";
import { api } from "../../session";
import type { UniverseConnection } from "../../sockets/universe";
import { ErrorLine, useLoad, useRun } from "../../ui/async";
import { duration, now, whole } from "../../ui/clock";
import { DEFENSE_NAMES } from "../../../../src/universe/engine/catalog-types";
import { at, type Coords, CoordsInputs } from "./coords";
import { objectName } from "./live";

/** What a missile can aim at first: every defence but the missiles themselves (the server's MISSILE_TARGETS). */
const TARGETS = DEFENSE_NAMES.filter((d) => d !== "anti_ballistic_missile" && d !== "interplanetary_missile");

export function MissileLaunch({ u, planetId, have, onFired }: { u: string; planetId: string; have: number; onFired: () => void }) {
  const target = useSignal<Coords>({ galaxy: 1, system: 1, position: 1 });
  const count = useSignal(1);
  const primary = useSignal<string>("");
  const fired = useSignal<string | null>(null);
  // One key per order: a retry after a lost answer answers the first launch instead of firing twice.
  const key = useSignal(crypto.randomUUID());
  const { busy, error, submit } = useRun(async () => {
    fired.value = null;
    const flight = await ok(
      api.v1.universes[":u"].missiles.$post({
        param: { u },
        header: { "idempotency-key": key.value },
        json: {
          from: planetId,
          to: target.value,
          count: count.value,
          primary: (primary.value || null) as (typeof TARGETS)[number] | null,
        },
      }),
    );
    key.value = crypto.randomUUID();
    fired.value = `${whole(flight.count)} missiles fired at ${at(flight.to)}: impact in ${duration(flight.impactAt - Date.now())}.`;
    onFired();
  });
  return (
    <section class="card" aria-labelledby="missiles-title">
      <h2 id="missiles-title">Interplanetary missiles</h2>
      <form onSubmit={submit}>
        <div class="grid">
          <CoordsInputs value={target} />
          <label>
            Missiles (have {whole(have)})
            <input type="number" min={1} max={have} value={count.value} onInput={(e) => (count.value = Number(e.currentTarget.value))} />
          </label>
          <label>
            Primary target
            <select value={primary.value} onChange={(e) => (primary.value = e.currentTarget.value)}>
              <option value="">Any defence</option>
              {TARGETS.map((d) => (
                <option key={d} value={d}>
                  {objectName(d)}
                </option>
              ))}
            </select>
          </label>
        </div>
        <button type="submit" disabled={busy.value || have < 1}>
          Fire missiles
        </button>
      </form>
      <ErrorLine error={error} />
      {fired.value && <p role="status">{fired.value}</p>}
    </section>
  );
}

/** One's missiles in flight and the ones coming at one's planets; every missile frame bumps `conn.tick`, which reloads it. */
export function MissileFlights({ conn }: { conn: UniverseConnection }) {
  const u = conn.universeId;
  const list = useLoad(() => {
    void conn.tick.value;
    return ok(api.v1.universes[":u"].missiles.$get({ param: { u } }));
  });
  const t = now.value;
  const l = list.data.value;
  // Nothing to show while no missile flies: the section stays out of the way.
  if (!l || (l.missiles.length === 0 && l.incoming.length === 0)) return <ErrorLine error={list.error} />;
  return (
    <section class="card" aria-labelledby="missile-flights-title">
      <h2 id="missile-flights-title">Missiles in flight</h2>
      <ErrorLine error={list.error} />
      <ul class="fleets">
        {l.missiles.map((m) => (
          <li key={m.id} data-missiles={m.id}>
            <strong>{whole(m.count)} missiles</strong> {at(m.from)} → {at(m.to)}
            {m.primary ? ` · aimed at ${objectName(m.primary)}` : ""}
            <br />
            <small role="timer">impact in {duration(Math.max(0, m.impactAt - t))}</small>
          </li>
        ))}
        {l.incoming.map((m) => (
          <li key={m.id} data-incoming-missiles={m.id}>
            <strong>{whole(m.count)} missiles incoming</strong> from {m.ownerUsername} [{at(m.from)}] at {at(m.to)}
            <br />
            <small role="timer">impact in {duration(Math.max(0, m.impactAt - t))}</small>
          </li>
        ))}
      </ul>
    </section>
  );
}
