/**
 * One room: seats before the game (CPUs, ready, start), then the table with the turn clock, the hole
 * summary and the final standings. A reload reconnects the same socket path and `join` reclaims the seat.
 */
import { useComputed } from "@preact/signals";
import { useEffect, useMemo } from "preact/hooks";
import { ok } from "../../api/client";
import { GolfTable, RoundSummary, Standings } from "../../golf/table";
import { navigate } from "../../router";
import { api, session } from "../../session";
import { RoomConnection } from "../../sockets/room";
import { Action, ErrorLine, useLoad } from "../../ui/async";
import { duration, now } from "../../ui/clock";

export function RoomScreen({ id }: { id: string }) {
  const conn = useRoomConnection(id);
  const room = conn.room.value;
  const view = conn.view.value;
  const you = conn.you.value;
  const seat = you?.mode === "play" ? (you.seat ?? null) : null;
  // A clock runs for a human seat the game awaits; CPU turns have none, so an older clock is not shown.
  const clock = conn.clock.value && view?.awaiting.includes(conn.clock.value.seat) ? conn.clock.value : null;
  const left = useComputed(() => {
    const c = conn.clock.value;
    return c ? c.deadline - (now.value + conn.skew.value) : null;
  });

  if (!room) return <Joining conn={conn} />;
  const shareUrl = `${location.origin}/golf/rooms/${room.id}?code=${room.code}`;
  const names = room.seats.map((s) => s.name);
  return (
    <div class="stack">
      <div class="row spread">
        <h1>
          Golf · room <span class="code">{room.code}</span>
        </h1>
        <p>
          {room.status} · {room.spectators} watching {you?.mode === "watch" && "· you are watching"}
        </p>
      </div>
      <ErrorLine error={conn.error} />
      {room.status === "waiting" && <Seats conn={conn} />}
      {room.status === "waiting" && (
        <p>
          Invite a friend: code <strong>{room.code}</strong> or the link{" "}
          <input class="share" readOnly aria-label="Invitation link" value={shareUrl} onFocus={(e) => e.currentTarget.select()} />
        </p>
      )}
      {view && room.status === "playing" && (
        <>
          <p class="clock" role="timer" aria-live="off">
            Hole {view.round} of {view.rounds}
            {clock && left.value !== null && (
              <>
                {" "}
                · {clock.seat === seat ? "your" : `${names[clock.seat]}'s`} turn: {duration(left.value)} left
              </>
            )}
          </p>
          <GolfTable view={view} seat={seat} act={you?.canAct ? (a) => conn.act(a) : undefined} />
          {view.phase === "round_over" && <RoundSummary view={view} />}
        </>
      )}
      {conn.result.value && room.status !== "waiting" && (
        <>
          <Standings
            names={names}
            scores={conn.result.value.scores}
            ranks={conn.result.value.ranks}
            holesWon={(conn.result.value.extra as { holesWon?: number[] } | undefined)?.holesWon}
          />
          <p>
            <a href={`/games/${room.id}`}>Watch the replay</a> · <a href="/golf">Back to the lobby</a>
          </p>
        </>
      )}
      {room.status === "playing" && seat !== null && you?.canAct && (
        <div class="row">
          <Action run={async () => conn.command({ type: "resign" })}>Resign</Action>
        </div>
      )}
      <EventLog conn={conn} />
    </div>
  );
}

/** The room's socket while the screen is open: `?watch` joins as a spectator, `?code` opens a private room. */
export function useRoomConnection(id: string): RoomConnection {
  const conn = useMemo(() => {
    const params = new URLSearchParams(location.search);
    return new RoomConnection(id, params.get("watch") ? "watch" : "play", params.get("code") ?? undefined);
  }, [id]);
  useEffect(() => () => conn.close(), [conn]);
  return conn;
}

/** Until the first `state` arrives: joining, or why the socket closed. */
export function Joining({ conn }: { conn: RoomConnection }) {
  return (
    <section class="card">
      <p role="status">{conn.status.value === "closed" ? (conn.closeReason.value ?? "Disconnected.") : "Joining the table…"}</p>
      <ErrorLine error={conn.error} />
    </section>
  );
}

/** The room's recent events, one line each, folded away. */
export function EventLog({ conn }: { conn: RoomConnection }) {
  return (
    <details>
      <summary>What happened</summary>
      <ol class="log">
        {conn.log.value.map((line, i) => (
          <li key={i}>{line}</li>
        ))}
      </ol>
    </details>
  );
}

/** The seats before the game; `readyChoice` is what a game asks of a seat when it readies (Familiars: its deck). */
export function Seats({ conn, readyChoice }: { conn: RoomConnection; readyChoice?: () => unknown }) {
  const games = useLoad(() => ok(api.v1.games.$get()));
  const room = conn.room.value;
  if (!room) return null;
  const me = room.seats.find((s) => s.userId === session.value?.user.id);
  const host = room.hostUserId === session.value?.user.id;
  const seated = new Set(room.seats.map((s) => s.profile));
  const profiles = games.data.value?.games.find((g) => g.id === room.game)?.cpuProfiles.filter((p) => !seated.has(p)) ?? [];
  return (
    <section class="card" aria-labelledby="seats-title">
      <h2 id="seats-title">
        Seats ({room.seats.length}/{room.maxPlayers})
      </h2>
      <ul class="seats">
        {room.seats.map((s) => (
          <li key={s.seat}>
            <strong>{s.name}</strong> {s.kind === "cpu" ? "(CPU)" : s.connected ? "" : "(away)"} {s.host && "· host"}{" "}
            {s.kind === "human" && (s.ready ? "· ready" : "· not ready")}
            {host && s.kind === "cpu" && (
              <button
                type="button"
                aria-label={`Remove CPU ${s.name}`}
                onClick={() => conn.command({ type: "remove_cpu", profile: s.profile })}
              >
                Remove
              </button>
            )}
          </li>
        ))}
      </ul>
      <div class="row">
        {me && (
          <button
            type="button"
            onClick={() =>
              conn.command({ type: "ready", ready: !me.ready, ...(readyChoice && !me.ready ? { choice: readyChoice() } : {}) })
            }
          >
            {me.ready ? "Not ready" : "I'm ready"}
          </button>
        )}
        {host && room.seats.length < room.maxPlayers && (
          <button type="button" onClick={() => conn.command({ type: "add_cpu" })}>
            Add a CPU
          </button>
        )}
        {host && profiles.length > 0 && room.seats.length < room.maxPlayers && (
          <select
            aria-label="Add a CPU by name"
            onChange={(e) => e.currentTarget.value && conn.command({ type: "add_cpu", profile: e.currentTarget.value })}
          >
            <option value="">…or pick one</option>
            {profiles.map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>
        )}
        {host && (
          <button type="button" disabled={room.seats.length < room.minPlayers} onClick={() => conn.command({ type: "start" })}>
            Start the game
          </button>
        )}
        {me && (
          <Action
            run={async () => {
              await ok(api.v1.rooms[":id"].leave.$post({ param: { id: room.id } }));
              navigate(`/${room.game}`);
            }}
          >
            Leave
          </Action>
        )}
      </div>
    </section>
  );
}
