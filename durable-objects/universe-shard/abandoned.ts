/*
 * Planets their players gave up (docs/universe-cross-shard.md §6), kept so that abandoning is
 * idempotent: the Worker frees the D1 slot after the shard's commit, and a retry of a request
 * whose answer was lost must succeed again rather than say the planet is not the player's.
 */

export function recordAbandoned(sql: SqlStorage, playerId: string, planetId: string, at: number): void {
  sql.exec(
    "INSERT INTO abandoned_planets (planet_id, player_id, abandoned_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
    planetId,
    playerId,
    at,
  );
}

export function abandonedBy(sql: SqlStorage, playerId: string, planetId: string): boolean {
  return sql.exec("SELECT 1 FROM abandoned_planets WHERE planet_id = ? AND player_id = ?", planetId, playerId).toArray().length > 0;
}
