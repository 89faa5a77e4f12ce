/** Golf's front room: my live rooms, quick match, join by code, the public lobby and games to watch (refreshed every few seconds). */
import { useSignal, useSignalEffect } from "@preact/signals";
import { ok } from "../../api/client";
import { describe } from "../../api/messages";
import { navigate } from "../../router";
import { api } from "../../session";
import { Action, ErrorLine, useLoad, useRun } from "../../ui/async";
import { CreateRoom, type GameInfo } from "./create-room";

const LOBBY_REFRESH_MS = 4000;

export function GolfHome() {
  const games = useLoad(() => ok(api.v1.games.$get()));
  const lobby = useLoad(() => ok(api.v1.lobby[":game"].$get({ param: { game: "golf" }, query: {} })));
  const live = useLoad(() => ok(api.v1.lobby[":game"].live.$get({ param: { game: "golf" }, query: {} })));
  const mine = useLoad(() => ok(api.v1.rooms.me.active.$get()));
  useSignalEffect(() => {
    const t = setInterval(() => {
      void lobby.reload();
      void live.reload();
    }, LOBBY_REFRESH_MS);
    return () => clearInterval(t);
  });
  const golf = games.data.value?.games.find((g) => g.id === "golf") as GameInfo | undefined;
  return (
    <div class="stack">
      <h1>Golf</h1>
      {(mine.data.value?.rooms.length ?? 0) > 0 && (
        <section class="card" aria-labelledby="mine-title">
          <h2 id="mine-title">Your tables</h2>
          <ul>
            {mine.data.value?.rooms.map((r) => (
              <li key={r.id}>
                <a href={`/golf/rooms/${r.id}`}>
                  Room {r.code} ({r.status}, {r.seatsTaken}/{r.seatsMax} seats)
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
      <div class="columns">
        <QuickMatch />
        <JoinByCode />
      </div>
      <section class="card" aria-labelledby="lobby-title">
        <h2 id="lobby-title">Open tables</h2>
        <ErrorLine error={lobby.error} />
        {lobby.data.value?.rooms.length === 0 && <p>No public table is waiting. Create one below.</p>}
        <ul>
          {lobby.data.value?.rooms.map((r) => (
            <li key={r.id}>
              {r.host?.name ?? "Someone"}'s table ({r.players}/{r.seats}, {String(r.options?.rounds ?? "?")} holes){" "}
              <Action
                run={async () => {
                  await ok(api.v1.rooms[":id"].join.$post({ param: { id: r.id } }));
                  navigate(`/golf/rooms/${r.id}`);
                }}
              >
                Sit down
              </Action>{" "}
              <a href={`/golf/rooms/${r.id}?watch=1`}>Watch</a>
            </li>
          ))}
        </ul>
        <h2>Games in progress</h2>
        {live.data.value?.games.length === 0 && <p>Nobody is playing in public right now.</p>}
        <ul>
          {live.data.value?.games.map((r) => (
            <li key={r.id}>
              <a href={`/golf/rooms/${r.id}?watch=1`}>
                Watch {r.host?.name ?? "a"}'s game ({r.spectators} watching)
              </a>
            </li>
          ))}
        </ul>
      </section>
      {golf && <CreateRoom game={golf} />}
    </div>
  );
}

function JoinByCode() {
  const code = useSignal("");
  const join = useRun(async () => {
    const room = await ok(api.v1.rooms.join.$post({ json: { code: code.value.trim() } }));
    navigate(`/golf/rooms/${room.id}`);
  });
  return (
    <form class="card" onSubmit={join.submit} aria-labelledby="code-title">
      <h2 id="code-title">Join by code</h2>
      <label>
        Room code
        <input
          name="code"
          required
          maxLength={16}
          autoCapitalize="characters"
          value={code.value}
          onInput={(e) => (code.value = e.currentTarget.value)}
        />
      </label>
      <ErrorLine error={join.error} />
      <button type="submit">Join</button>
    </form>
  );
}

type MatchStatus = { state: string; roomId?: string; position?: number; waitMs?: number; countdownMs?: number; roomReady?: boolean };

/** Quick match is polled (polling is how the queue knows we are still here). */
function QuickMatch() {
  const status = useSignal<MatchStatus | null>(null);
  const error = useSignal<string | null>(null);
  useSignalEffect(() => {
    if (status.value?.state !== "queued" && status.value?.state !== "matched") return;
    const t = setTimeout(async () => {
      try {
        const s = (await ok(api.v1.matchmaking[":game"].$get({ param: { game: "golf" } }))) as MatchStatus;
        if (s.state === "matched" && s.roomReady && s.roomId) navigate(`/golf/rooms/${s.roomId}`);
        else status.value = s;
      } catch (e) {
        error.value = describe(e);
      }
    }, 1500);
    return () => clearTimeout(t);
  });
  const s = status.value;
  return (
    <section class="card" aria-labelledby="qm-title">
      <h2 id="qm-title">Quick match</h2>
      <p>Play whoever else is waiting; after 30 s alone you get CPU opponents.</p>
      {s?.state === "queued" ? (
        <>
          <p role="status">
            Waiting… position {s.position}, {Math.round((s.waitMs ?? 0) / 1000)} s
          </p>
          <Action
            run={async () => {
              status.value = (await ok(api.v1.matchmaking[":game"].$delete({ param: { game: "golf" } }))) as MatchStatus;
            }}
          >
            Stop waiting
          </Action>
        </>
      ) : s?.state === "matched" ? (
        <p role="status">Matched! Setting up the table…</p>
      ) : (
        <Action
          run={async () => {
            status.value = (await ok(api.v1.matchmaking[":game"].$post({ param: { game: "golf" } }))) as MatchStatus;
          }}
        >
          Find a game
        </Action>
      )}
      <ErrorLine error={error} />
    </section>
  );
}
