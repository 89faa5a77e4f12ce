/** attack, stop, flee (spec §5.1, §5.2). */
import { endAllTargeting, engage, stopOwnTarget } from "../combat";
import { CommandError } from "../events";
import { fleeExits, moveCharacter } from "../movement";
import { attackersOf, d20, inCombat, mod, score } from "../stats";
import type { Character, Npc } from "../state";
import { isSafe } from "../world";
import { badArguments, type Handler } from "./handler";
import { characterCandidates, npcCandidates, pick } from "./targets";

const FLEE_COOLDOWN_MS = 2000;

const attack: Handler = (tx, c, args, { spec }) => {
  if (!args) badArguments(spec);
  const target = pick<Npc | Character>(args, [...npcCandidates(tx, c.room), ...characterCandidates(tx, c)]);
  if (target.kind === "character") throw new CommandError("not_allowed", "You cannot attack other players.");
  if (isSafe(tx, c.room)) throw new CommandError("not_allowed", "You cannot fight here.");
  if (tx.content.npcs.get(target.template)!.flags.includes("no_attack")) throw new CommandError("not_allowed", "You cannot attack that.");
  if (c.target === target.id) throw new CommandError("not_allowed", "You are already fighting it.");
  engage(tx, c, target);
};

const stop: Handler = (tx, c) => {
  if (!c.target) throw new CommandError("not_fighting", "You are not fighting anyone.");
  stopOwnTarget(tx, c);
  c.stopped = true;
  tx.message(c.id, "combat", "You stop fighting.");
};

const flee: Handler = (tx, c) => {
  if (!inCombat(tx.state, c)) throw new CommandError("not_fighting", "You are not fighting anyone.");
  if (c.lastFleeAt !== null && tx.now - c.lastFleeAt < FLEE_COOLDOWN_MS) {
    throw new CommandError("cooldown", "You cannot flee again so soon.", { retryAfterMs: c.lastFleeAt + FLEE_COOLDOWN_MS - tx.now });
  }
  const exits = fleeExits(tx, c.room);
  if (exits.length === 0) return tx.message(c.id, "combat", "There is nowhere to flee!");
  c.lastFleeAt = tx.now;
  const opponents = attackersOf(tx.state, c.id).length;
  const dc = Math.max(10, 10 + 2 * (opponents - 1));
  if (d20(tx.rng) + mod(score(tx.content, tx.state, c, "dex")) < dc) return tx.message(c.id, "combat", "You fail to escape!");
  const [dir] = tx.rng.pick(exits);
  endAllTargeting(tx, c);
  tx.message(c.id, "combat", `You flee ${dir}!`);
  moveCharacter(tx, c, dir);
};

export const FIGHT: Record<string, Handler> = { attack, stop, flee };
