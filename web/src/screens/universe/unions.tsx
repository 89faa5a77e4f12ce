/**
 * ACS attack unions: the owner of an attack in flight forms one and invites players by name; an
 * invited player picks it when dispatching an `acs_attack` (the fleet then arrives with the union).
 */
import { type Signal, useSignal } from "@preact/signals";
import { ok } from "../../api/client";
import { api } from "../../session";
import type { UniverseConnection } from "../../sockets/universe";
import { ErrorLine, useLoad, useRun } from "../../ui/async";
import { duration, now } from "../../ui/clock";
import { at } from "./coords";

/** The unions one leads or is invited to, to choose the one an `acs_attack` joins (`value` holds its id). */
export function UnionPicker({ conn, value }: { conn: UniverseConnection; value: Signal<string> }) {
  const u = conn.universeId;
  const list = useLoad(() => {
    void conn.tick.value;
    return ok(api.v1.universes[":u"].unions.$get({ param: { u } }));
  });
  const unions = (list.data.value?.unions ?? []).filter((x) => !x.ended);
  const chosen = unions.some((x) => x.id === value.value) ? value.value : (unions[0]?.id ?? "");
  if (chosen !== value.value) value.value = chosen;
  return (
    <>
      <label>
        Union
        <select value={chosen} onChange={(e) => (value.value = e.currentTarget.value)}>
          {unions.length === 0 && <option value="">No union invites you</option>}
          {unions.map((x) => (
            <option key={x.id} value={x.id}>
              {x.ownerUsername}'s, at {at(x.target)} ({x.target.kind}), in {duration(x.arrivalAt - now.value)}, {x.fleets} fleet(s)
            </option>
          ))}
        </select>
      </label>
      <ErrorLine error={list.error} />
    </>
  );
}

/** Under one's attack in flight: invite players by name, which turns it into an ACS union (at most 4 invitations). */
export function UnionForm({ u, fleetId, onFormed }: { u: string; fleetId: string; onFormed: () => void }) {
  const names = useSignal("");
  const formed = useSignal<string | null>(null);
  const { busy, error, submit } = useRun(async () => {
    const invite = names.value
      .split(/[,\s]+/)
      .map((n) => n.trim())
      .filter(Boolean);
    const union = await ok(api.v1.universes[":u"].fleets[":id"].union.$post({ param: { u, id: fleetId }, json: { invite } }));
    formed.value = `Union formed: ${union.invited.length} player(s) invited.`;
    names.value = "";
    onFormed();
  });
  return (
    <form class="row" onSubmit={submit}>
      <label>
        Invite players (names, separated by commas)
        <input value={names.value} onInput={(e) => (names.value = e.currentTarget.value)} autoComplete="off" />
      </label>
      <button type="submit" disabled={busy.value || !names.value.trim()}>
        Form union
      </button>
      <ErrorLine error={error} />
      {formed.value && <span role="status">{formed.value}</span>}
    </form>
  );
}
