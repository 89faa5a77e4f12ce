/** Familiars: create a room (points to win, a CPU opponent or a friend by code) or join one by code. */
import { useSignal } from "@preact/signals";
import { ok } from "../../api/client";
import { navigate } from "../../router";
import { api } from "../../session";
import { Action } from "../../ui/async";

export function TcgHome() {
  const points = useSignal(4);
  const code = useSignal("");
  const create = async () => {
    const room = await ok(
      api.v1.rooms.$post({ json: { game: "tcg", options: { rules: { points_to_win: points.value } }, visibility: "private" } }),
    );
    navigate(`/tcg/rooms/${room.id}?code=${room.code}`);
  };
  const join = async () => {
    const room = await ok(api.v1.rooms.join.$post({ json: { code: code.value.trim() } }));
    navigate(`/tcg/rooms/${room.id}?code=${code.value.trim()}`);
  };
  return (
    <div class="stack">
      <h1>Familiars</h1>
      <form class="card" aria-labelledby="tcg-create" onSubmit={(e) => e.preventDefault()}>
        <h2 id="tcg-create">Create a room</h2>
        <label>
          Points to win
          <input type="number" min={1} max={10} value={points.value} onInput={(e) => (points.value = Number(e.currentTarget.value))} />
        </label>
        <Action run={create}>Create room</Action>
      </form>
      <form class="card" aria-labelledby="tcg-join" onSubmit={(e) => e.preventDefault()}>
        <h2 id="tcg-join">Join by code</h2>
        <label>
          Room code <input value={code.value} onInput={(e) => (code.value = e.currentTarget.value)} />
        </label>
        <Action run={join}>Join</Action>
      </form>
    </div>
  );
}
