/**
 * A moon's own controls: the jump gate (ships to another of one's moons at once, then both gates
 * cool down) and the sensor phalanx (a planet's fleet movements, ships and cargo included; each
 * scan burns 5,000 deuterium from the moon).
 */
import { useSignal } from "@preact/signals";
import { ok } from "../../api/client";
import { api } from "../../session";
import type { UniverseConnection } from "../../sockets/universe";
import { ErrorLine, useRun } from "../../ui/async";
import { duration, now, when, whole } from "../../ui/clock";
import { at, type Coords, CoordsInputs } from "./coords";
import { objectName } from "./live";
import { ShipPicker } from "./ship-picker";

type Moon = {
  id: string;
  coords: Coords;
  ships: Record<string, number>;
  buildings: { object: string; level: number }[];
  jumpGateReadyAt?: number;
};
type Scan = Awaited<ReturnType<typeof scan>>;

const scan = (u: string, p: string, c: Coords) =>
  ok(
    api.v1.universes[":u"].planets[":p"].phalanx.$post({
      param: { u, p },
      query: { galaxy: String(c.galaxy), system: String(c.system), position: String(c.position) },
    }),
  );
const level = (m: Moon, object: string) => m.buildings.find((b) => b.object === object)?.level ?? 0;
const units = (counts: Record<string, number>): string =>
  Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${whole(n)} × ${objectName(s)}`)
    .join(", ") || "none";

export function MoonControls({ conn, moon, onChange }: { conn: UniverseConnection; moon: Moon; onChange: (view: unknown) => void }) {
  return (
    <>
      <JumpGate conn={conn} moon={moon} onJumped={onChange} />
      <Phalanx u={conn.universeId} moon={moon} />
    </>
  );
}

function JumpGate({ conn, moon, onJumped }: { conn: UniverseConnection; moon: Moon; onJumped: (view: unknown) => void }) {
  const others = (conn.empire.value?.planets ?? []).filter((p) => p.type === "moon" && p.id !== moon.id);
  const to = useSignal("");
  const ships = useSignal<Record<string, number>>({});
  const done = useSignal<string | null>(null);
  const dest = to.value || others[0]?.id || "";
  const { busy, error, submit } = useRun(async () => {
    done.value = null;
    const chosen = Object.fromEntries(Object.entries(ships.value).filter(([, n]) => n > 0));
    const param = { u: conn.universeId, p: moon.id };
    const view = await ok(api.v1.universes[":u"].planets[":p"].jump.$post({ param, json: { to: dest, ships: chosen } }));
    done.value = `Jumped ${units(chosen)} to ${others.find((o) => o.id === dest)?.name ?? "the other moon"}.`;
    ships.value = {};
    onJumped(view);
  });
  const ready = moon.jumpGateReadyAt ?? 0;
  return (
    <section class="card" aria-labelledby="jump-title">
      <h2 id="jump-title">Jump gate</h2>
      {level(moon, "jump_gate") === 0 ? (
        <p>This moon has no jump gate yet.</p>
      ) : (
        <p role="timer">
          {ready > now.value ? `Cooling down: ready in ${duration(ready - now.value)} (${when(ready)}).` : "Ready to jump."}
        </p>
      )}
      <form onSubmit={submit}>
        <label>
          To moon
          <select value={dest} onChange={(e) => (to.value = e.currentTarget.value)}>
            {others.length === 0 && <option value="">No other moon</option>}
            {others.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name} [{at(o.coords)}]
              </option>
            ))}
          </select>
        </label>
        <ShipPicker legend="Ships to jump" have={moon.ships} empty="No ships on this moon." ships={ships} />
        <button type="submit" disabled={busy.value || !dest}>
          Jump
        </button>
      </form>
      <ErrorLine error={error} />
      {done.value && <p role="status">{done.value}</p>}
    </section>
  );
}

function Phalanx({ u, moon }: { u: string; moon: Moon }) {
  const target = useSignal<Coords>(moon.coords);
  const result = useSignal<Scan | null>(null);
  const { busy, error, submit } = useRun(async () => {
    result.value = await scan(u, moon.id, target.value);
  });
  const r = result.value;
  const lv = level(moon, "sensor_phalanx");
  return (
    <section class="card" aria-labelledby="phalanx-title">
      <h2 id="phalanx-title">Sensor phalanx</h2>
      <p>
        {lv === 0
          ? "This moon has no sensor phalanx yet."
          : `Level ${lv}: reaches ${Math.max(0, lv * lv - 1)} systems either side. Each scan burns 5,000 deuterium.`}
      </p>
      <form onSubmit={submit}>
        <div class="grid">
          <CoordsInputs value={target} />
        </div>
        <button type="submit" disabled={busy.value}>
          Scan
        </button>
      </form>
      <ErrorLine error={error} />
      {r && (
        <div role="status" aria-label="Scan result">
          <p>
            Scanned [{at(r.target)}] at {when(r.scannedAt)}:{" "}
            {r.fleets.length === 0 ? "no fleet movements." : `${r.fleets.length} fleet(s).`}
          </p>
          <ul class="fleets">
            {r.fleets.map((f) => (
              <li key={f.id} data-scanned={f.id}>
                <strong>{objectName(f.mission)}</strong> of {f.ownerUsername} [{at(f.origin)}] → [{at(f.target)}] ({f.target.kind})
                {" · "}
                {units(f.ships)}
                <br />
                <small>
                  Cargo {whole(f.cargo.metal)} metal, {whole(f.cargo.crystal)} crystal, {whole(f.cargo.deuterium)} deuterium · arrives{" "}
                  {when(f.arrivesAt)}
                  {f.returnsAt !== null && `, home ${when(f.returnsAt)}`}
                </small>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
