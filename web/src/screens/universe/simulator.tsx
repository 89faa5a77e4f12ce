/**
 * The battle simulator (calc/battle): both sides' ships, defences and combat technologies, the
 * target's stock for the loot; the answer is the odds, the rounds, each side's average and worst
 * losses, debris, loot and the moon chance. "My technologies" fills the attacker's levels from the
 * empire.
 */
import { useSignal } from "@preact/signals";
import { ok } from "../../api/client";
import { api } from "../../session";
import type { UniverseConnection } from "../../sockets/universe";
import { ErrorLine, useRun } from "../../ui/async";
import { whole } from "../../ui/clock";
import { parseUnits } from "./calculators";
import { objectName } from "./live";

const TECHS = ["weapon_technology", "shielding_technology", "armor_technology"] as const;
type Techs = Record<(typeof TECHS)[number], number>;
const NO_TECHS: Techs = { weapon_technology: 0, shielding_technology: 0, armor_technology: 0 };

export function BattleSimulator({ conn }: { conn: UniverseConnection }) {
  const u = conn.universeId;
  const attackers = useSignal("light_fighter: 100\ncruiser: 10");
  const attackerTechs = useSignal<Techs>(NO_TECHS);
  const defenderShips = useSignal("light_fighter: 20");
  const defences = useSignal("rocket_launcher: 50\nlight_laser: 10");
  const defenderTechs = useSignal<Techs>(NO_TECHS);
  const stock = useSignal({ metal: 100_000, crystal: 50_000, deuterium: 10_000 });
  const simulations = useSignal(10);
  const result = useSignal<Awaited<ReturnType<typeof run>> | null>(null);
  const run = () =>
    ok(
      api.v1.universes[":u"].calc.battle.$post({
        param: { u },
        json: {
          attackers: [{ ships: parseUnits(attackers.value), techs: attackerTechs.value }],
          defenders: [{ ships: parseUnits(defenderShips.value), defenses: parseUnits(defences.value), techs: defenderTechs.value }],
          resources: stock.value,
          simulations: simulations.value,
        },
      }),
    );
  const simulate = useRun(async () => {
    result.value = await run();
  });
  const mine = () => {
    const research = conn.empire.value?.research ?? {};
    attackerTechs.value = Object.fromEntries(TECHS.map((t) => [t, research[t] ?? 0])) as Techs;
  };
  const r = result.value;
  return (
    <form class="card" onSubmit={simulate.submit} aria-labelledby="battle-title">
      <h1 id="battle-title">Battle simulator</h1>
      <div class="grid">
        <fieldset>
          <legend>Attacker</legend>
          <label>
            Attacking ships (one "name: count" a line)
            <textarea rows={4} value={attackers.value} onInput={(e) => (attackers.value = e.currentTarget.value)} />
          </label>
          <TechFields side="Attacker" techs={attackerTechs.value} set={(t) => (attackerTechs.value = t)} />
          <button type="button" onClick={mine}>
            My technologies
          </button>
        </fieldset>
        <fieldset>
          <legend>Defender</legend>
          <label>
            Defending ships
            <textarea rows={3} value={defenderShips.value} onInput={(e) => (defenderShips.value = e.currentTarget.value)} />
          </label>
          <label>
            Defences
            <textarea rows={3} value={defences.value} onInput={(e) => (defences.value = e.currentTarget.value)} />
          </label>
          <TechFields side="Defender" techs={defenderTechs.value} set={(t) => (defenderTechs.value = t)} />
        </fieldset>
        <fieldset>
          <legend>Target's stock (for the loot)</legend>
          {(["metal", "crystal", "deuterium"] as const).map((k) => (
            <label key={k}>
              {objectName(k)}
              <input
                type="number"
                min={0}
                value={stock.value[k]}
                onInput={(e) => (stock.value = { ...stock.value, [k]: Number(e.currentTarget.value) })}
              />
            </label>
          ))}
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
        </fieldset>
      </div>
      <ErrorLine error={simulate.error} />
      <button type="submit">Simulate</button>
      {r && (
        <div aria-live="polite" class="stack">
          <p>
            Attacker wins {Math.round(r.attackerWins)} %, defender wins {Math.round(r.defenderWins)} %, draws {Math.round(r.draws)} % ·
            about {Math.round(r.averageRounds * 10) / 10} rounds
          </p>
          <dl class="stats">
            <div>
              <dt>Debris</dt>
              <dd>
                {whole(r.debris.metal)} metal, {whole(r.debris.crystal)} crystal
              </dd>
            </div>
            <div>
              <dt>Loot</dt>
              <dd>
                {whole(r.loot.metal)} metal, {whole(r.loot.crystal)} crystal, {whole(r.loot.deuterium)} deuterium
              </dd>
            </div>
            <div>
              <dt>Moon chance</dt>
              <dd>{Math.round(r.moonChance)} %</dd>
            </div>
          </dl>
          <Losses title="Attacker's losses" losses={r.losses.attackers} />
          <Losses title="Defender's losses" losses={r.losses.defenders} />
        </div>
      )}
    </form>
  );
}

function TechFields({ side, techs, set }: { side: string; techs: Techs; set: (t: Techs) => void }) {
  return (
    <div class="row">
      {TECHS.map((t) => (
        <label key={t}>
          {objectName(t.replace("_technology", ""))}
          <input
            type="number"
            min={0}
            max={40}
            aria-label={`${side} ${objectName(t)}`}
            value={techs[t]}
            onInput={(e) => set({ ...techs, [t]: Number(e.currentTarget.value) })}
          />
        </label>
      ))}
    </div>
  );
}

function Losses({ title, losses }: { title: string; losses: { average: Record<string, number>; worst: Record<string, number> } }) {
  const rows = Object.keys({ ...losses.average, ...losses.worst });
  return (
    <table>
      <caption>{title}</caption>
      <thead>
        <tr>
          <th scope="col">Unit</th>
          <th scope="col">Average</th>
          <th scope="col">Worst</th>
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 && (
          <tr>
            <td colSpan={3}>None</td>
          </tr>
        )}
        {rows.map((unit) => (
          <tr key={unit}>
            <th scope="row">{objectName(unit)}</th>
            <td>{whole(losses.average[unit] ?? 0)}</td>
            <td>{whole(losses.worst[unit] ?? 0)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
