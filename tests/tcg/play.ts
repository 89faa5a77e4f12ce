/** Drives whole Familiars games through the public `tcg` definition, the way a room runtime would. */
import { type TcgAction, type TcgOptionsInput, type TcgState, parseTcgOptions, tcg } from "../../src/games/tcg/index";
import { createRng } from "../../src/lib/rng";
import type { GameEvent } from "../../src/rooms/game";

/** A CPU profile, "random" (a uniformly random legal move) or "timeout". */
export type Policy = "basic" | "tactician" | "random" | "timeout";

export type GameConfig = { seed: number; driverSeed: number; options?: TcgOptionsInput; policies: [Policy, Policy] };

const MAX_ACTIONS = 5000;

function decide(state: TcgState, seat: number, policy: Policy, rng: ReturnType<typeof createRng>): TcgAction {
  if (policy === "random") {
    // Resigning at random would end most games at once; keep it rare.
    const legal = tcg.legalActions(state, seat).filter((a) => a.type !== "resign");
    return legal.length > 0 && !rng.chance(0.002) ? rng.pick(legal) : { type: "resign" };
  }
  if (policy === "timeout") return tcg.timeoutMove(state, seat, rng);
  return tcg.cpuMove(state, seat, policy, rng);
}

/** Plays to the end; `onStep` sees every state with the raw events that led to it. */
export function playGame(
  config: GameConfig,
  onStep?: (state: TcgState, events: GameEvent[]) => void,
): { final: TcgState; log: [number, TcgAction][] } {
  const seats = [0, 1].map((seat) => ({ seat, name: `P${seat}`, cpu: config.policies[seat] as string }));
  const rng = createRng(config.seed);
  const driver = createRng(config.driverSeed);
  const setup = tcg.setup({ seats, options: parseTcgOptions(config.options ?? {}), rng });
  let state = setup.state;
  onStep?.(state, setup.events);
  const log: [number, TcgAction][] = [];
  while (!tcg.isOver(state)) {
    if (log.length > MAX_ACTIONS) throw new Error(`Game did not end within ${MAX_ACTIONS} actions`);
    const seat = driver.pick(tcg.awaiting(state));
    const action = decide(state, seat, config.policies[seat] as Policy, driver);
    const result = tcg.apply(state, seat, action, rng);
    if (!result.ok) throw new Error(`Rejected ${JSON.stringify(action)} from seat ${seat}: ${result.code}`);
    log.push([seat, action]);
    state = result.state;
    onStep?.(state, result.events);
  }
  return { final: state, log };
}
