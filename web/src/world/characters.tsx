/** Your characters in the text world: create one (up to 3), delete one, or enter the world with it. */
import { useSignal } from "@preact/signals";
import { ok } from "../api/client";
import { navigate } from "../router";
import { api } from "../session";
import { Action, ErrorLine, useLoad, useRun } from "../ui/async";
import "./world.css";

export function WorldHome() {
  const list = useLoad(() => ok(api.v1.world.characters.$get()));
  const name = useSignal("");
  const create = useRun(async () => {
    await ok(api.v1.world.characters.$post({ json: { name: name.value.trim() } }));
    name.value = "";
    await list.reload();
  });
  const remove = async (id: string) => {
    await ok(api.v1.world.characters[":id"].$delete({ param: { id } }));
    await list.reload();
  };
  const characters = list.data.value?.characters ?? [];
  return (
    <section class="card">
      <h1>Text world</h1>
      <ErrorLine error={list.error} />
      {list.data.value && characters.length === 0 && <p>No characters yet: name one below.</p>}
      <ul class="world-characters">
        {characters.map((c) => (
          <li key={c.id}>
            <strong>{c.name}</strong>{" "}
            <small>
              level {c.level} · {c.area}
              {c.inWorld ? " · in the world" : ""}
            </small>{" "}
            <button type="button" aria-label={`Enter the world as ${c.name}`} onClick={() => navigate(`/world/${c.id}`)}>
              Enter
            </button>{" "}
            <Action run={() => remove(c.id)} label={`Delete ${c.name}`} class="link" disabled={c.inWorld}>
              Delete
            </Action>
          </li>
        ))}
      </ul>
      {characters.length < 3 && (
        <form class="world-create" onSubmit={create.submit}>
          <label>
            Character name
            <input
              value={name.value}
              onInput={(e) => (name.value = e.currentTarget.value)}
              minLength={3}
              maxLength={16}
              pattern="[A-Za-z]+"
              title="3–16 letters"
              required
            />
          </label>
          <button type="submit">Create character</button>
          <ErrorLine error={create.error} />
        </form>
      )}
    </section>
  );
}
