/** Ranks when some seats are out of the running (shared by import validation and stats). */

/** Forfeited seats rank after everyone who played on; the others keep their order (as rooms rank them). */
export function rankWithForfeits(ranks: readonly number[], forfeited: readonly number[]): { ranks: number[]; winnerSeat: number | null } {
  const out = new Set(forfeited);
  const inRunning = ranks.map((_, seat) => seat).filter((seat) => !out.has(seat));
  const adjusted = ranks.map((rank, seat) =>
    out.has(seat) ? inRunning.length + 1 : 1 + inRunning.filter((o) => (ranks[o] as number) < rank).length,
  );
  const firsts = adjusted.flatMap((r, seat) => (r === 1 && !out.has(seat) ? [seat] : []));
  return { ranks: adjusted, winnerSeat: firsts.length === 1 ? (firsts[0] as number) : null };
}
