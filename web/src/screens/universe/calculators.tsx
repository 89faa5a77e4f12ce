/** The flight calculator: a form over the universe's calculator route, for any fleet and any two places. */
import { useSignal } from "@preact/signals";
import { ok } from "../../api/client";
import { api } from "../../session";
import { ErrorLine, useRun } from "../../ui/async";
import { duration, whole } from "../../ui/clock";
import { MISSIONS } from "./fleets";

type Coords = { galaxy: number; system: number; position: number };

/** "light_fighter: 10" lines (or commas) into counts; blank and malformed lines are left out. */
export function parseUnits(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of text.split(/[\n,]+/)) {
    const m = /^\s*([a-z_]+)\s*[:=x×]?\s*(\d+)\s*$/i.exec(part);
    if (m) out[(m[1] as string).toLowerCase()] = Number(m[2]);
  }
  return out;
}

const coordsText = (c: Coords | undefined) => (c ? `${c.galaxy}:${c.system}:${c.position}` : "1:1:1");
function parseCoords(text: string): Coords {
  const [galaxy, system, position] = text.split(":").map(Number);
  return { galaxy: galaxy ?? 1, system: system ?? 1, position: position ?? 1 };
}

export function FlightCalculator({ u, home }: { u: string; home: Coords | undefined }) {
  const from = useSignal(coordsText(home));
  const to = useSignal("1:2:8");
  const ships = useSignal("small_cargo: 5\nlight_fighter: 1");
  const speed = useSignal(100);
  const mission = useSignal("transport");
  const result = useSignal<Awaited<ReturnType<typeof calc>> | null>(null);
  const calc = () =>
    ok(
      api.v1.universes[":u"].calc.flight.$post({
        param: { u },
        json: {
          from: parseCoords(from.value),
          to: parseCoords(to.value),
          ships: parseUnits(ships.value),
          speed: speed.value,
          mission: mission.value,
        },
      }),
    );
  const compute = useRun(async () => {
    result.value = await calc();
  });
  const r = result.value;
  return (
    <form class="card" onSubmit={compute.submit} aria-labelledby="flight-title">
      <h1 id="flight-title">Flight calculator</h1>
      <div class="grid">
        <label>
          From (g:s:p)
          <input value={from.value} onInput={(e) => (from.value = e.currentTarget.value)} />
        </label>
        <label>
          To (g:s:p)
          <input value={to.value} onInput={(e) => (to.value = e.currentTarget.value)} />
        </label>
        <label>
          Speed
          <select value={speed.value} onChange={(e) => (speed.value = Number(e.currentTarget.value))}>
            {Array.from({ length: 19 }, (_, i) => 100 - i * 5).map((n) => (
              <option key={n} value={n}>
                {n} %
              </option>
            ))}
          </select>
        </label>
        <label>
          Mission
          <select value={mission.value} onChange={(e) => (mission.value = e.currentTarget.value)}>
            {MISSIONS.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
        </label>
        <label>
          Ships (one "name: count" a line)
          <textarea rows={3} value={ships.value} onInput={(e) => (ships.value = e.currentTarget.value)} />
        </label>
      </div>
      <ErrorLine error={compute.error} />
      <button type="submit">Calculate</button>
      {r && (
        <dl class="stats" aria-live="polite">
          <div>
            <dt>Distance</dt>
            <dd>{whole(r.distance)}</dd>
          </div>
          <div>
            <dt>One way</dt>
            <dd>{duration(r.durationSeconds * 1000)}</dd>
          </div>
          <div>
            <dt>Round trip</dt>
            <dd>{r.roundTripSeconds === null ? "—" : duration(r.roundTripSeconds * 1000)}</dd>
          </div>
          <div>
            <dt>Fuel</dt>
            <dd>
              {whole(r.fuel)} deuterium {r.fuelWithinCapacity ? "" : "(more than the ships can carry!)"}
            </dd>
          </div>
          <div>
            <dt>Cargo</dt>
            <dd>{whole(r.cargoCapacity)}</dd>
          </div>
        </dl>
      )}
    </form>
  );
}
