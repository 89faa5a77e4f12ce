/**
 * What the probes saw. An espionage report is not stored as a battle report: it travels in the data
 * of the attacker's `fleet_arrived` notice (`{ target, espionage }`), so the notifications list
 * renders it under that notice. Sections the probes did not see are said to be hidden, not empty.
 */
import type { EspionageReport, EspionageSection } from "../../../../src/universe/engine/espionage";
import { whole } from "../../ui/clock";
import { objectName } from "./live";

type Coords = { galaxy: number; system: number; position: number };

/** The report in a notice's data, when the notice carries one. */
export function espionageIn(data: Record<string, unknown>): { report: EspionageReport; target: Coords | null } | null {
  const report = data.espionage as EspionageReport | undefined;
  if (!report?.resources || !Array.isArray(report.sections)) return null;
  return { report, target: (data.target as Coords | undefined) ?? null };
}

const counts = (u: Record<string, number> | undefined): string =>
  Object.entries(u ?? {})
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${objectName(k)} ${whole(n)}`)
    .join(", ") || "none";

const HIDDEN = "not seen (more probes or espionage technology would show it)";
const GATED: [section: EspionageSection, label: string, key: "ships" | "defense" | "buildings" | "research"][] = [
  ["ships", "Ships", "ships"],
  ["defense", "Defence", "defense"],
  ["buildings", "Buildings", "buildings"],
  ["research", "Research", "research"],
];

export function EspionageView({ report, target }: { report: EspionageReport; target: Coords | null }) {
  const r = report.resources;
  const place = target ? ` of [${target.galaxy}:${target.system}:${target.position}]` : "";
  return (
    <section class="spy" aria-label={`Espionage report${place}`}>
      <dl class="stats">
        <div>
          <dt>Metal</dt>
          <dd>{whole(r.metal)}</dd>
        </div>
        <div>
          <dt>Crystal</dt>
          <dd>{whole(r.crystal)}</dd>
        </div>
        <div>
          <dt>Deuterium</dt>
          <dd>{whole(r.deuterium)}</dd>
        </div>
        <div>
          <dt>Energy</dt>
          <dd>{whole(r.energy)}</dd>
        </div>
      </dl>
      {report.debris && (
        <p>
          Debris: {whole(report.debris.metal)} metal, {whole(report.debris.crystal)} crystal
        </p>
      )}
      {GATED.map(([section, label, key]) => (
        <p key={section}>
          {label}:{" "}
          {report.sections.includes(section) ? counts(report[key] as Record<string, number> | undefined) : HIDDEN}
        </p>
      ))}
      {report.holding?.map((h) => (
        <p key={h.owner}>
          Holding here for {h.owner}: {counts(h.ships as Record<string, number>)}
        </p>
      ))}
      <p>Chance of counter-espionage: {report.counterEspionageChance} %</p>
    </section>
  );
}
