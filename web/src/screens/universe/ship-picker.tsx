/** How many of each ship to send, shared by the dispatch and jump-gate forms. */
import type { Signal } from "@preact/signals";
import { whole } from "../../ui/clock";
import { objectName } from "./live";

/**
 * A number field per ship the place has (`have` caps it). `all` adds a button per ship that
 * takes every one of them.
 */
export function ShipPicker({
  legend,
  have,
  empty,
  ships,
  all = false,
}: {
  legend: string;
  have: Record<string, number>;
  empty: string;
  ships: Signal<Record<string, number>>;
  all?: boolean;
}) {
  const available = Object.entries(have).filter(([, n]) => n > 0);
  return (
    <fieldset>
      <legend>{legend}</legend>
      {available.length === 0 && <p>{empty}</p>}
      <div class="grid">
        {available.map(([ship, count]) => (
          <label key={ship}>
            {objectName(ship)} (have {whole(count)})
            <span class={all ? "row" : undefined}>
              <input
                type="number"
                min={0}
                max={count}
                value={ships.value[ship] ?? 0}
                onInput={(e) => (ships.value = { ...ships.value, [ship]: Number(e.currentTarget.value) })}
              />
              {all && (
                <button type="button" aria-label={`All ${objectName(ship)}`} onClick={() => (ships.value = { ...ships.value, [ship]: count })}>
                  All
                </button>
              )}
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
