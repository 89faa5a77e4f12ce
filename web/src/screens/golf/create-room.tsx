/**
 * Create a room: every option of the game, rendered from the JSON Schema the server publishes
 * (`GET /v1/games`), so a new house rule appears here without a client change.
 */
import { useSignal } from "@preact/signals";
import { ok } from "../../api/client";
import { navigate } from "../../router";
import { api } from "../../session";
import { Action } from "../../ui/async";

type Prop = { type?: string; description?: string; default?: unknown; minimum?: number; maximum?: number; enum?: string[] };
export type GameInfo = { id: string; title: string; optionsSchema: Record<string, unknown> };

export function CreateRoom({ game }: { game: GameInfo }) {
  const props = (game.optionsSchema.properties ?? {}) as Record<string, Prop>;
  const values = useSignal<Record<string, unknown>>({});
  const visibility = useSignal<"public" | "private">("private");
  const turnSeconds = useSignal(60);
  const watch = useSignal(false);
  const set = (k: string, v: unknown) => {
    values.value = { ...values.value, [k]: v };
  };
  const value = (k: string) => values.value[k] ?? props[k]?.default;
  const create = async () => {
    const room = await ok(
      api.v1.rooms.$post({
        json: {
          game: game.id,
          options: values.value,
          visibility: visibility.value,
          config: { turnSeconds: turnSeconds.value },
          seat: !watch.value,
        },
      }),
    );
    navigate(`/golf/rooms/${room.id}`);
  };
  const rules = Object.entries(props).filter(([, p]) => p.type === "boolean");
  const settings = Object.entries(props).filter(([, p]) => p.type !== "boolean");
  return (
    <form class="card" aria-labelledby="create-title" onSubmit={(e) => e.preventDefault()}>
      <h2 id="create-title">Create a room</h2>
      <div class="grid">
        {settings.map(([k, p]) => (
          // biome-ignore lint/a11y/noLabelWithoutControl: each branch below renders the control
          <label key={k}>
            {p.description ?? k}
            {p.enum ? (
              <select name={k} value={String(value(k))} onChange={(e) => set(k, e.currentTarget.value)}>
                {p.enum.map((o) => (
                  <option key={o}>{o}</option>
                ))}
              </select>
            ) : p.type === "integer" || p.type === "number" ? (
              <input
                name={k}
                type="number"
                min={p.minimum}
                max={p.maximum}
                value={String(value(k))}
                onInput={(e) => set(k, Number(e.currentTarget.value))}
              />
            ) : (
              <input
                name={k}
                value={Array.isArray(value(k)) ? (value(k) as string[]).join(", ") : String(value(k) ?? "")}
                onChange={(e) =>
                  set(
                    k,
                    e.currentTarget.value
                      .split(",")
                      .map((s) => s.trim())
                      .filter(Boolean),
                  )
                }
              />
            )}
          </label>
        ))}
        <label>
          Seconds per turn
          <input
            name="turnSeconds"
            type="number"
            min={5}
            max={600}
            value={turnSeconds.value}
            onInput={(e) => (turnSeconds.value = Number(e.currentTarget.value))}
          />
        </label>
        <label>
          Who can join
          <select
            name="visibility"
            value={visibility.value}
            onChange={(e) => (visibility.value = e.currentTarget.value as "public" | "private")}
          >
            <option value="private">Private: by code</option>
            <option value="public">Public: listed in the lobby</option>
          </select>
        </label>
      </div>
      <fieldset>
        <legend>House rules</legend>
        <div class="rules">
          {rules.map(([k, p]) => (
            <label key={k} class="check">
              <input type="checkbox" name={k} checked={Boolean(value(k))} onChange={(e) => set(k, e.currentTarget.checked)} />
              <span>
                <strong>{k.replaceAll("_", " ")}</strong> {p.description}
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <label class="check">
        <input type="checkbox" name="watch" checked={watch.value} onChange={(e) => (watch.value = e.currentTarget.checked)} />
        <span>
          <strong>Only watch</strong> You host without a seat; a table of CPUs plays an unranked exhibition.
        </span>
      </label>
      <Action run={create}>Create room</Action>
    </form>
  );
}
