/** After the game: my history (with replay links), my stats and the public leaderboards. */
import { useSignal } from "@preact/signals";
import { ok } from "../api/client";
import { api, session } from "../session";
import { ErrorLine, useLoad } from "../ui/async";
import { when } from "../ui/clock";

export function History() {
  const page = useLoad(() => ok(api.v1.me.games.$get({ query: { limit: "30" } })));
  const me = session.value?.user.id;
  return (
    <section class="card">
      <h1>Your games</h1>
      <ErrorLine error={page.error} />
      {page.data.value?.games.length === 0 && (
        <p>
          No finished game yet. <a href="/golf">Play one</a>.
        </p>
      )}
      <table>
        <thead>
          <tr>
            <th scope="col">Ended</th>
            <th scope="col">Players</th>
            <th scope="col">Result</th>
            <th scope="col">Replay</th>
          </tr>
        </thead>
        <tbody>
          {page.data.value?.games.map((g) => {
            const mine = g.seats.find((s) => s.userId === me);
            const rank = mine && g.result ? g.result.ranks[mine.seat] : null;
            return (
              <tr key={g.id}>
                <td>{when(g.endedAt)}</td>
                <td>{g.seats.map((s) => s.name).join(", ")}</td>
                <td>{g.status === "abandoned" ? "abandoned" : rank === 1 ? "won" : rank ? `#${rank}` : "—"}</td>
                <td>
                  <a href={`/games/${g.id}`} aria-label={`Replay of the game ended ${when(g.endedAt)}`}>
                    Replay
                  </a>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

const STAT_LABELS: [key: string, label: string][] = [
  ["gamesPlayed", "Games played"],
  ["gamesWon", "Games won"],
  ["winRate", "Win rate"],
  ["averageScore", "Points per hole"],
  ["bestRound", "Best hole"],
  ["bestGame", "Best game"],
  ["knockouts", "Went out first"],
  ["bestStreak", "Best win streak"],
];

export function MyStats() {
  const stats = useLoad(() => ok(api.v1.me.stats.$get({ query: { game: "golf" } })));
  const golf = stats.data.value?.stats[0] as Record<string, unknown> | undefined;
  return (
    <section class="card">
      <h1>Your stats</h1>
      <ErrorLine error={stats.error} />
      {stats.data.value && !golf && <p>Play a ranked game to get stats.</p>}
      {golf && (
        <dl class="stats">
          {STAT_LABELS.map(([k, label]) => (
            <div key={k}>
              <dt>{label}</dt>
              <dd>{k === "winRate" ? `${Math.round(Number(golf[k]) * 100)} %` : String(golf[k] ?? "—")}</dd>
            </div>
          ))}
          <div>
            <dt>Rating</dt>
            <dd>{Math.round((golf.rating as { rating: number }).rating)}</dd>
          </div>
        </dl>
      )}
      {stats.data.value?.achievements && stats.data.value.achievements.length > 0 && (
        <>
          <h2>Achievements</h2>
          <ul>
            {stats.data.value.achievements.map((a) => (
              <li key={JSON.stringify(a)}>{(a as { title?: string; id?: string }).title ?? (a as { id?: string }).id}</li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

const METRICS = ["rating", "wins", "win_rate", "avg_score", "streak"] as const;

export function Leaderboard() {
  const metric = useSignal<(typeof METRICS)[number]>("rating");
  const board = useLoad(() => ok(api.v1.leaderboards[":game"].$get({ param: { game: "golf" }, query: { metric: metric.value } })));
  return (
    <section class="card">
      <h1>Golf leaderboard</h1>
      <label>
        Ranked by
        <select value={metric.value} onChange={(e) => (metric.value = e.currentTarget.value as (typeof METRICS)[number])}>
          {METRICS.map((m) => (
            <option key={m} value={m}>
              {m.replace("_", " ")}
            </option>
          ))}
        </select>
      </label>
      <ErrorLine error={board.error} />
      <table>
        <thead>
          <tr>
            <th scope="col">Rank</th>
            <th scope="col">Player</th>
            <th scope="col">Value</th>
            <th scope="col">Games</th>
          </tr>
        </thead>
        <tbody>
          {board.data.value?.entries.map((e) => (
            <tr key={e.player.id}>
              <td>{e.rank}</td>
              <td>{e.player.username}</td>
              <td>{e.value === null ? "—" : Math.round(e.value * 100) / 100}</td>
              <td>{e.gamesPlayed}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {board.data.value && board.data.value.entries.length === 0 && <p>Nobody has played {board.data.value.minGames} counted games yet.</p>}
    </section>
  );
}
