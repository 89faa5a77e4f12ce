/** Coordinates as three number fields (galaxy, system, position), shared by the dispatch, missile and phalanx forms. */
import type { Signal } from "@preact/signals";

export type Coords = { galaxy: number; system: number; position: number };

export const at = (c: Coords): string => `${c.galaxy}:${c.system}:${c.position}`;

const FIELDS = [
  ["galaxy", "Galaxy"],
  ["system", "System"],
  ["position", "Position"],
] as const;

/** The three fields, bare: the caller places them (in its own grid, beside other fields). */
export function CoordsInputs({ value }: { value: Signal<Coords> }) {
  return (
    <>
      {FIELDS.map(([key, label]) => (
        <label key={key}>
          {label}
          <input
            type="number"
            min={1}
            value={value.value[key]}
            onInput={(e) => (value.value = { ...value.value, [key]: Number(e.currentTarget.value) })}
          />
        </label>
      ))}
    </>
  );
}
