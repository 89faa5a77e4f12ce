/**
 * Battle and missile reports: one's own, newest first and paged by the `before` cursor (read again
 * on every push, so a report just made appears without a reload); a reader with the participants
 * and their techs, each round's units and shots, losses, loot, debris and the moon (a missile
 * report: launched, intercepted, destroyed);
 * Share freezes a copy under a key whose page (`/reports/:key`) anyone can open without login.
 */
import { useSignal } from "@preact/signals";
import { ok } from "../../api/client";
import { api } from "../../session";
import type { UniverseConnection } from "../../sockets/universe";
import type { StoredBattleReport } from "../../../../src/universe/engine/combat/record";
import type { MissileReport, PlayerReport } from "../../../../src/universe/engine/missile-report";
import { Action, ErrorLine, useLoad } from "../../ui/async";
import { whole, when } from "../../ui/clock";
import { objectName } from "./live";

type Battle = StoredBattleReport["battle"];
type Units = Record<string, number>;
type Res = { metal: number; crystal: number; deuterium: number };

const OUTCOME = { attacker: "Attackers won", defender: "Defenders won", draw: "Draw" } as const;
const where = (t: StoredBattleReport["target"]) =>
  `${t.name ? `${t.name} ` : ""}[${t.galaxy}:${t.system}:${t.position}]${t.kind === "moon" ? " (moon)" : ""}`;
const resources = (r: Res) => `${whole(r.metal)} metal, ${whole(r.crystal)} crystal, ${whole(r.deuterium)} deuterium`;
const unitList = (u: Units) =>
  Object.entries(u)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${objectName(k)} ${whole(n)}`)
    .join(", ") || "none";

export function Reports({ conn, reportId }: { conn: UniverseConnection; reportId?: string }) {
  return reportId ? <OwnReport u={conn.universeId} id={reportId} /> : <ReportList conn={conn} />;
}

function ReportList({ conn }: { conn: UniverseConnection }) {
  const u = conn.universeId;
  const cursors = useSignal<(number | undefined)[]>([undefined]);
  const page = useLoad(() => {
    void conn.tick.value;
    const before = cursors.value.at(-1);
    return ok(api.v1.universes[":u"].reports.$get({ param: { u }, query: { limit: "10", ...(before ? { before: String(before) } : {}) } }));
  });
  const p = page.data.value;
  return (
    <section class="card" aria-labelledby="reports-title">
      <h1 id="reports-title">Battle reports</h1>
      <ErrorLine error={page.error} />
      {p && p.reports.length === 0 && <p>No battles yet.</p>}
      <ul>
        {p?.reports.map((r) => (
          <li key={r.id}>
            <a href={`/universe/${u}/reports/${encodeURIComponent(r.id)}`}>
              {when(r.at)} · {where(r.target)} · {r.kind === "battle" ? OUTCOME[r.outcome] : "Missile attack"}
            </a>
            {r.kind === "battle" ? (
              <span>
                {" "}
                ({r.role}; {r.attackers.join(", ")} against {r.defenders.join(", ")}; lost {whole(r.lost.attackers)} /{" "}
                {whole(r.lost.defenders)}
                {r.moonFormed ? "; a moon formed" : ""})
              </span>
            ) : (
              <span>
                {" "}
                ({r.role}; {r.attackers.join(", ")} against {r.defenders.join(", ")}; {whole(r.launched)} missiles,{" "}
                {whole(r.intercepted)} intercepted; destroyed {unitList(r.destroyed)})
              </span>
            )}
          </li>
        ))}
      </ul>
      <div class="row">
        <button type="button" disabled={cursors.value.length < 2} onClick={() => (cursors.value = cursors.value.slice(0, -1))}>
          Newer
        </button>
        <button
          type="button"
          disabled={!p?.nextBefore}
          onClick={() => {
            if (p?.nextBefore) cursors.value = [...cursors.value, p.nextBefore];
          }}
        >
          Older
        </button>
      </div>
    </section>
  );
}

function OwnReport({ u, id }: { u: string; id: string }) {
  const own = useLoad(() => ok(api.v1.universes[":u"].reports[":id"].$get({ param: { u, id } })));
  const link = useSignal<string | null>(null);
  const r = own.data.value;
  return (
    <div class="stack">
      <a href={`/universe/${u}/reports`}>All reports</a>
      <ErrorLine error={own.error} />
      {r && <ReportView report={r.report} />}
      {r && (
        <section class="card" aria-labelledby="share-title">
          <h2 id="share-title">Share</h2>
          {link.value ? (
            <input class="share" readOnly aria-label="Share link" value={link.value} onFocus={(e) => e.currentTarget.select()} />
          ) : (
            <Action
              run={async () => {
                const s = await ok(api.v1.universes[":u"].reports[":id"].share.$post({ param: { u, id } }));
                link.value = `${location.origin}/reports/${s.key}`;
              }}
            >
              Share this report
            </Action>
          )}
        </section>
      )}
    </div>
  );
}

/** The public page of a shared report: no login needed. */
export function SharedReport({ reportKey }: { reportKey: string }) {
  const shared = useLoad(() => ok(api.v1.reports[":key"].$get({ param: { key: reportKey } })));
  const s = shared.data.value;
  return (
    <div class="stack">
      <ErrorLine error={shared.error} />
      {s && <ReportView report={s.report} />}
      {s && (
        <p>
          Universe {s.universeId}, shared {when(s.sharedAt)}.
        </p>
      )}
    </div>
  );
}

function ReportView({ report }: { report: PlayerReport }) {
  if (report.kind === "missile") return <MissileReportView report={report} />;
  const b = report.battle;
  return (
    <article class="card stack" aria-labelledby="report-title">
      <h1 id="report-title">
        Battle at {where(report.target)} · {OUTCOME[b.outcome]}
      </h1>
      <p>
        {when(report.at)} · {b.rounds.length} {b.rounds.length === 1 ? "round" : "rounds"}
      </p>
      <div class="grid">
        <Side title="Attackers" names={report.attackers} sides={b.participants.attackers} losses={b.losses.attackers} />
        <Side title="Defenders" names={report.defenders} sides={b.participants.defenders} losses={b.losses.defenders} />
      </div>
      {b.rounds.map((round) => (
        <Round key={round.round} round={round} report={report} />
      ))}
      <dl class="stats">
        <div>
          <dt>Loot</dt>
          <dd>{resources(b.loot.total)}</dd>
        </div>
        <div>
          <dt>Debris</dt>
          <dd>{resources(b.debris)}</dd>
        </div>
        <div>
          <dt>Moon</dt>
          <dd>
            {b.moon.chance} % chance{b.moon.formed ? `, formed (diameter ${whole(b.moon.diameter ?? 0)} km)` : ", none formed"}
          </dd>
        </div>
        {Object.keys(b.repaired).length > 0 && (
          <div>
            <dt>Defences repaired</dt>
            <dd>{unitList(b.repaired)}</dd>
          </div>
        )}
        {b.wreckField.formed && (
          <div>
            <dt>Wreck field</dt>
            <dd>{unitList(b.wreckField.units)}</dd>
          </div>
        )}
      </dl>
    </article>
  );
}

function Side(props: {
  title: string;
  names: { name: string }[];
  sides: Battle["participants"]["attackers"];
  losses: Battle["losses"]["attackers"];
}) {
  return (
    <section aria-label={props.title}>
      <h2>{props.title}</h2>
      {props.sides.map((s, i) => (
        <div key={i}>
          <h3>{props.names[i]?.name ?? `#${i + 1}`}</h3>
          <p>
            Weapons {s.techs.weapon_technology ?? 0}, shielding {s.techs.shielding_technology ?? 0}, armour{" "}
            {s.techs.armor_technology ?? 0}
          </p>
          <p>Units: {unitList(s.units)}</p>
          <p>
            Lost: {unitList(props.losses[i]?.units ?? {})}
            {props.losses[i] && ` (worth ${resources(props.losses[i].value)})`}
          </p>
        </div>
      ))}
    </section>
  );
}

function Round({ round, report }: { round: Battle["rounds"][number]; report: StoredBattleReport }) {
  const fire = (f: typeof round.attackerFire) =>
    `${whole(f.shots)} shots, ${whole(f.hits)} hits, ${whole(f.bounced)} bounced, ${whole(f.damage)} damage (${whole(f.absorbed)} absorbed by shields)`;
  const rows = [
    ...round.start.attackers.map((units, i) => [report.attackers[i]?.name ?? `Attacker ${i + 1}`, units, round.end.attackers[i]] as const),
    ...round.start.defenders.map((units, i) => [report.defenders[i]?.name ?? `Defender ${i + 1}`, units, round.end.defenders[i]] as const),
  ];
  return (
    <section aria-label={`Round ${round.round}`}>
      <h2>Round {round.round}</h2>
      <p>Attackers fire {fire(round.attackerFire)}.</p>
      <p>Defenders fire {fire(round.defenderFire)}.</p>
      <table>
          <caption>Units in round {round.round}</caption>
          <thead>
            <tr>
              <th scope="col">Player</th>
              <th scope="col">Before</th>
              <th scope="col">After</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([name, start, end], i) => (
              <tr key={i}>
                <th scope="row">{name}</th>
                <td>{unitList(start)}</td>
                <td>{unitList(end ?? {})}</td>
              </tr>
            ))}
          </tbody>
      </table>
    </section>
  );
}

function MissileReportView({ report }: { report: MissileReport }) {
  return (
    <article class="card stack" aria-labelledby="report-title">
      <h1 id="report-title">Missile attack on {where(report.target)}</h1>
      <p>
        {when(report.at)} · {report.attacker.name} against {report.defender.name}
      </p>
      <p>
        {whole(report.launched)} interplanetary missiles
        {report.primary ? ` aimed at ${objectName(report.primary)}` : ""}: {whole(report.intercepted)} intercepted,{" "}
        {whole(report.hitting)} hit for {whole(report.damage)} damage.
      </p>
      <p>Destroyed: {unitList(report.destroyed)}</p>
    </article>
  );
}
