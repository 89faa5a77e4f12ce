/** The shipyard of one planet: ships and defences with price, time, what can be afforded, and the unit queue. */
import { useSignal } from "@preact/signals";
import { ok } from "../../api/client";
import { sentence } from "../../api/messages";
import { api } from "../../session";
import type { UniverseConnection } from "../../sockets/universe";
import { Action, ErrorLine, useLoad } from "../../ui/async";
import { duration, now } from "../../ui/clock";
import { objectName } from "./live";
import { price } from "./planet";

export function Shipyard({ conn, planetId }: { conn: UniverseConnection; planetId: string }) {
  const u = conn.universeId;
  const view = useLoad(() => {
    void conn.tick.value;
    return ok(api.v1.universes[":u"].planets[":p"].shipyard.$get({ param: { u, p: planetId } }));
  });
  const counts = useSignal<Record<string, number>>({});
  const s = view.data.value;
  if (!s) return view.error.value ? <ErrorLine error={view.error} /> : <p role="status">Loading the shipyard…</p>;
  return (
    <section class="card">
      <h1>Shipyard</h1>
      <h2>Queue</h2>
      {s.queue.length === 0 && <p>Nothing on order.</p>}
      <ol class="queue">
        {s.queue.map((q) => (
          <li key={q.id}>
            {q.count} × {objectName(q.unit)} (next in {duration(q.startedAt + q.unitSeconds * 1000 - now.value)})
          </li>
        ))}
      </ol>
      <table>
        <thead>
          <tr>
            <th scope="col">Unit</th>
            <th scope="col">Have</th>
            <th scope="col">Price each</th>
            <th scope="col">Time each</th>
            <th scope="col">Order</th>
          </tr>
        </thead>
        <tbody>
          {s.units.map((unit) => (
            <tr key={unit.unit}>
              <th scope="row">
                {objectName(unit.unit)} <small>({unit.kind})</small>
              </th>
              <td>
                {unit.count}
                {unit.queued > 0 && ` (+${unit.queued})`}
              </td>
              <td>{price(unit.cost)}</td>
              <td>{duration(unit.seconds * 1000)}</td>
              <td>
                {unit.blockedBy ? (
                  <small class="blocked">{sentence(unit.blockedBy)}</small>
                ) : (
                  <span class="row">
                    <input
                      type="number"
                      min={1}
                      max={unit.maxOrder}
                      aria-label={`How many ${objectName(unit.unit)}`}
                      value={counts.value[unit.unit] ?? 1}
                      onInput={(e) => (counts.value = { ...counts.value, [unit.unit]: Number(e.currentTarget.value) })}
                    />
                    <Action
                      label={`Order ${objectName(unit.unit)}`}
                      disabled={unit.maxOrder < 1}
                      run={async () => {
                        await ok(
                          api.v1.universes[":u"].planets[":p"].shipyard.$post({
                            param: { u, p: planetId },
                            json: { unit: unit.unit, count: counts.value[unit.unit] ?? 1 },
                          }),
                        );
                        await view.reload();
                      }}
                    >
                      Order
                    </Action>
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
