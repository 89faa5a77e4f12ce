/** One universe: the socket (snapshot on every connect, pushes refresh the screens) and the tabs. */
import { useEffect, useMemo } from "preact/hooks";
import { UniverseConnection } from "../../sockets/universe";
import { FlightCalculator } from "./calculators";
import { Fleets } from "./fleets";
import { Market } from "./market";
import { Galaxy, Highscore, Notifications } from "./social";
import { Overview } from "./overview";
import { PlanetScreen } from "./planet";
import { Reports } from "./reports";
import { Research } from "./research";
import { Shipyard } from "./shipyard";
import { BattleSimulator } from "./simulator";

const TABS: [tab: string, label: string][] = [
  ["overview", "Overview"],
  ["research", "Research"],
  ["fleets", "Fleets"],
  ["market", "Market"],
  ["galaxy", "Galaxy"],
  ["highscore", "Highscore"],
  ["notifications", "Notifications"],
  ["calc", "Flight calculator"],
  ["simulator", "Battle simulator"],
  ["reports", "Reports"],
];

export function UniverseScreen({ u, tab, planet }: { u: string; tab: string; planet?: string }) {
  const conn = useMemo(() => new UniverseConnection(u), [u]);
  useEffect(() => () => conn.close(), [conn]);
  const empire = conn.empire.value;
  const home = empire?.planets[0]?.id;
  const unread = conn.notices.value.length;
  return (
    <div class="stack">
      <nav aria-label="Universe" class="tabs">
        {TABS.map(([t, label]) => (
          <a key={t} href={`/universe/${u}/${t}`} aria-current={t === tab ? "page" : undefined}>
            {label}
            {t === "notifications" && unread > 0 ? ` (${unread})` : ""}
          </a>
        ))}
        {empire?.planets.map((p) => (
          <a key={p.id} href={`/universe/${u}/planet/${p.id}`} aria-current={tab === "planet" && planet === p.id ? "page" : undefined}>
            {p.name}
          </a>
        ))}
      </nav>
      {tab === "overview" && <Overview conn={conn} />}
      {tab === "planet" && planet && <PlanetScreen conn={conn} planetId={planet} />}
      {tab === "shipyard" && planet && <Shipyard conn={conn} planetId={planet} />}
      {tab === "fleets" && <Fleets conn={conn} planetId={planet} />}
      {tab === "research" && home && <Research conn={conn} planetId={home} />}
      {tab === "market" && <Market conn={conn} />}
      {tab === "galaxy" && <Galaxy u={u} home={empire?.planets[0]?.coords} />}
      {tab === "highscore" && <Highscore u={u} />}
      {tab === "notifications" && <Notifications conn={conn} />}
      {tab === "calc" && <FlightCalculator u={u} home={empire?.planets[0]?.coords} />}
      {tab === "simulator" && <BattleSimulator conn={conn} />}
      {tab === "reports" && <Reports conn={conn} reportId={planet} />}
    </div>
  );
}
