/**
 * The replay viewer: frames are fetched a page at a time, stepped with buttons or the arrow keys and
 * scrubbed with a slider (whose arrow keys step too). Each frame carries the omniscient view, drawn by the live table component.
 * A game's players can create a share link; anyone with it can watch.
 */
import { useSignal, useSignalEffect } from "@preact/signals";
import type { GolfView } from "../../../src/games/golf/index";
import { ok } from "../api/client";
import { GolfTable, Standings } from "../golf/table";
import { api } from "../session";
import { Action, ErrorLine, useLoad } from "../ui/async";

const PAGE = 100;
type Frame = { index: number; seat: number | null; source: string; action: unknown; state: unknown; events: { type: string }[] };

export function Replay({ gameId, share }: { gameId?: string; share?: string }) {
  const at = useSignal(0);
  const frames = useSignal<Map<number, Frame>>(new Map());
  const shareLink = useSignal<string | null>(null);
  /** The page of frames from `from`: by share code, or by game for its players. */
  const fetchPage = async (from: number) => {
    const query = { from: String(from), limit: String(PAGE) };
    if (share) return (await ok(api.v1.replays[":code"].$get({ param: { code: share }, query }))).replay;
    return ok(api.v1.games[":id"].replay.$get({ param: { id: gameId as string }, query }));
  };
  const first = useLoad(() => fetchPage(0));
  const replay = first.data.value;
  useSignalEffect(() => {
    const r = first.data.value;
    if (r) frames.value = new Map((r.frames as Frame[]).map((f) => [f.index, f]));
  });
  // Fetch the page holding the current frame when it is missing.
  useSignalEffect(() => {
    const i = at.value;
    if (!first.data.value || frames.value.has(i)) return;
    void fetchPage(Math.floor(i / PAGE) * PAGE).then((p) => {
      frames.value = new Map([...frames.value, ...(p.frames as Frame[]).map((f) => [f.index, f] as const)]);
    });
  });
  if (!replay) return first.error.value ? <ErrorLine error={first.error} /> : <p role="status">Loading the replay…</p>;
  const last = replay.totalFrames - 1;
  const frame = frames.value.get(at.value);
  const step = (d: number) => {
    at.value = Math.max(0, Math.min(last, at.value + d));
  };
  return (
    <div class="stack">
      <h1>Replay: {replay.seats.map((s) => s.name).join(" vs ")}</h1>
      <div class="row replay-controls">
        <button type="button" onClick={() => (at.value = 0)} aria-label="First frame">
          |◀
        </button>
        <button type="button" onClick={() => step(-1)} aria-label="Previous frame">
          ◀
        </button>
        <label class="grow">
          <span class="sr-only">Frame</span>
          <input
            type="range"
            min={0}
            max={last}
            value={at.value}
            onInput={(e) => (at.value = Number(e.currentTarget.value))}
            aria-valuetext={`Frame ${at.value + 1} of ${last + 1}`}
          />
        </label>
        <button type="button" onClick={() => step(1)} aria-label="Next frame">
          ▶
        </button>
        <button type="button" onClick={() => (at.value = last)} aria-label="Last frame">
          ▶|
        </button>
        <span role="status">
          Frame {at.value + 1} / {last + 1}
        </span>
      </div>
      {frame ? (
        <>
          <p>
            {frame.seat === null ? "Setup" : `${replay.seats[frame.seat]?.name}: ${JSON.stringify(frame.action)}`} →{" "}
            {frame.events.map((e) => e.type.replaceAll("_", " ")).join(", ")}
          </p>
          <GolfTable view={frame.state as GolfView} seat={null} />
        </>
      ) : (
        <p role="status">Loading frames…</p>
      )}
      {at.value === last && replay.result && (
        <Standings
          names={replay.seats.map((s) => s.name)}
          scores={replay.result.scores}
          ranks={replay.result.ranks}
          holesWon={(replay.result.extra as { holesWon?: number[] } | undefined)?.holesWon}
        />
      )}
      {gameId && (
        <section class="card">
          <h2>Share</h2>
          {shareLink.value ? (
            <input class="share" readOnly aria-label="Share link" value={shareLink.value} onFocus={(e) => e.currentTarget.select()} />
          ) : (
            <Action
              run={async () => {
                const s = await ok(api.v1.games[":id"].share.$post({ param: { id: gameId }, json: {} }));
                shareLink.value = `${location.origin}/replays/${s.code}`;
              }}
            >
              Create a share link
            </Action>
          )}
        </section>
      )}
    </div>
  );
}
