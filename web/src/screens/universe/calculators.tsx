/** The flight calculator and the battle simulator: forms over the universe's calculator routes. */
import { useSignal } from "@preact/signals";
import { ok } from "../../api/client";
import { describe } from "../../api/messages";
import { api } from "../../session";
import { ErrorLine } from "../../ui/async";
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
  const error = useSignal<string | null>(null);
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
  const submit = async (e: Event) => {
    e.preventDefault();
    error.value = null;
    try {
      result.value = await calc();
    } catch (err) {
      error.value = describe(err);
    }
  };
  const r = result.value;
  return (
    <form class="card" onSubmit={submit} aria-labelledby="flight-title">
      <h2 id="flight-title">Flight calculator</h2>
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
      <ErrorLine error={error} />
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

export function BattleSimulator({ u }: { u: string }) {
  const attackers = useSignal("light_fighter: 100\ncruiser: 10");
  const defenderShips = useSignal("light_fighter: 20");
  const defences = useSignal("rocket_launcher: 50\nlight_laser: 10");
  const simulations = useSignal(10);
  const error = useSignal<string | null>(null);
  const result = useSignal<Awaited<ReturnType<typeof run>> | null>(null);
  const run = () =>
    ok(
      api.v1.universes[":u"].calc.battle.$post({
        param: { u },
        json: {
          attackers: [{ ships: parseUnits(attackers.value) }],
          defenders: [{ ships: parseUnits(defenderShips.value), defenses: parseUnits(defences.value) }],
          simulations: simulations.value,
        },
      }),
    );
  const submit = async (e: Event) => {
    e.preventDefault();
    error.value = null;
    try {
      result.value = await run();
    } catch (err) {
      error.value = describe(err);
    }
  };
  const r = result.value;
  return (
    <form class="card" onSubmit={submit} aria-labelledby="battle-title">
      <h2 id="battle-title">Battle simulator</h2>
      <div class="grid">
        <label>
          Attacking ships
          <textarea rows={4} value={attackers.value} onInput={(e) => (attackers.value = e.currentTarget.value)} />
        </label>
        <label>
          Defending ships
          <textarea rows={4} value={defenderShips.value} onInput={(e) => (defenderShips.value = e.currentTarget.value)} />
        </label>
        <label>
          Defences
          <textarea rows={4} value={defences.value} onInput={(e) => (defences.value = e.currentTarget.value)} />
        </label>
        <label>
          Simulations
          <input
            type="number"
            min={1}
            max={100}
            value={simulations.value}
            onInput={(e) => (simulations.value = Number(e.currentTarget.value))}
          />
        </label>
      </div>
      <ErrorLine error={error} />
      <button type="submit">Simulate</button>
      {r && (
        <div aria-live="polite">
          <p>
            Attacker wins {Math.round(r.attackerWins)} %, defender wins {Math.round(r.defenderWins)} %, draws {Math.round(r.draws)} % ·
            about {Math.round(r.averageRounds * 10) / 10} rounds · debris {whole(r.debris.metal)} metal, {whole(r.debris.crystal)} crystal
          </p>
        </div>
      )}
    </form>
  );
}
