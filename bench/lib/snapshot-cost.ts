/**
 * Both sides of the room's state snapshots (durable-objects/room/store.ts), per action, through
 * the game definitions as the room runtime uses them: what writing the state on every action
 * would serialize (bytes, JSON time), against what a load between two snapshots pays for each
 * replayed action (`apply`).
 */
import { findGame } from "../../src/rooms/games";
import { SNAPSHOT_EVERY } from "../../durable-objects/room/store";
import { createRng, deriveSeed } from "../../src/lib/rng";

export function snapshotCost(gameId: string, profiles: string[], games: number) {
  const game = findGame(gameId);
  if (!game) throw new Error(`unknown game ${gameId}`);
  let actions = 0;
  let bytes = 0;
  let stringifyMs = 0;
  let applyMs = 0;
  for (let g = 0; g < games; g++) {
    const seed = 0x5ca1e + g;
    const rng = createRng(seed);
    const seats = profiles.map((cpu, seat) => ({ seat, name: cpu, cpu }));
    const parsed = game.optionsSchema.parse({});
    const options = game.withSeatChoices ? game.withSeatChoices(parsed, seats.map(() => null)) : parsed;
    let state = game.setup({ seats, options, rng }).state;
    while (!game.isOver(state)) {
      const seat = game.awaiting(state)[0] as number;
      const action = game.cpuMove(state, seat, profiles[seat] as string, createRng(deriveSeed(seed, "cpu", actions)));
      const t0 = performance.now();
      const res = game.apply(state, seat, action, rng);
      applyMs += performance.now() - t0;
      if (!res.ok) throw new Error(`${gameId}: CPU move refused (${res.code})`);
      state = res.state;
      const t1 = performance.now();
      bytes += JSON.stringify(state).length + JSON.stringify(rng.save()).length;
      stringifyMs += performance.now() - t1;
      actions++;
    }
  }
  const us = (ms: number) => Math.round((ms * 1000) / actions) / 1000;
  return {
    game: gameId,
    actions,
    stateBytesPerAction: Math.round(bytes / actions),
    stateJsonMsPerAction: us(stringifyMs),
    replayMsPerAction: us(applyMs),
    snapshotEvery: SNAPSHOT_EVERY,
    worstReplayOnLoadMs: Math.round(us(applyMs) * (SNAPSHOT_EVERY - 1) * 1000) / 1000,
    note: "without snapshots every action writes stateBytesPerAction; with them, 1 action in snapshotEvery does, and a load replays at most snapshotEvery − 1 actions",
  };
}
