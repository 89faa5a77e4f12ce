import { env } from "cloudflare:test";
import { BattleInputSchema, runBattle } from "../../src/universe/engine/combat/index";
import { buildBattleRecord, type StoredBattleReport } from "../../src/universe/engine/combat/record";
import { DEFAULT_SETTINGS } from "../../src/universe/engine/settings";
import { shardName } from "../../src/universe/registry";

interface Party {
  id: string;
  username: string;
}

/** The record of a simulated battle between two joined players (until attack missions store them). */
export function simulatedRecord(attacker: Party, defender: Party, seed = 7): StoredBattleReport {
  return buildBattleRecord({
    id: `battle:${crypto.randomUUID()}`,
    at: Date.now(),
    target: { galaxy: 1, system: 2, position: 3, kind: "planet", name: "Target" },
    attackers: [{ playerId: attacker.id, name: attacker.username }],
    defenders: [{ playerId: defender.id, name: defender.username }],
    battle: runBattle(
      BattleInputSchema.parse({
        attackers: [{ ships: { cruiser: 20, light_fighter: 30 } }],
        defenders: [{ ships: { light_fighter: 5 }, defenses: { rocket_launcher: 20 } }],
        resources: { metal: 100_000, crystal: 50_000, deuterium: 10_000 },
      }),
      DEFAULT_SETTINGS,
      seed,
    ),
  });
}

/** The stub of the shard that holds a member's empire, from its membership row. */
export async function memberShard(universe: string, userId: string) {
  const row = await env.DB.prepare("SELECT shard FROM universe_players WHERE universe_id = ? AND user_id = ?")
    .bind(universe, userId)
    .first<{ shard: number }>();
  if (!row) throw new Error(`${userId} is not a member of ${universe}`);
  return env.UNIVERSE_SHARDS.get(env.UNIVERSE_SHARDS.idFromName(shardName(universe, row.shard)));
}

/** Stores each fighter's copy in their own shard, as an arrival will. */
export async function storeRecord(universe: string, record: StoredBattleReport): Promise<string[]> {
  const ids = [...record.attackers, ...record.defenders].map((p) => p.playerId);
  const stored: string[] = [];
  for (const id of new Set(ids)) stored.push(...(await (await memberShard(universe, id)).storeBattleReport(record, [id])));
  return stored;
}
