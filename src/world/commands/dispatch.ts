/** Parsing a command line (spec §6.1) and running it: `!`, `'`/`:`, on_command triggers, lookup, refusals. */
import { CommandError } from "../events";
import type { Character } from "../state";
import { inCombat } from "../stats";
import { runTriggers } from "../triggers";
import type { Tx } from "../tx";
import { HANDLERS } from "./handlers";
import type { Handler } from "./handler";
import { COMMANDS, type CommandSpec, DIRECTION_ALIASES, DIRECTIONS, roleRank } from "./table";

// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point (§6.1 step 1)
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

export function normalise(text: string): string {
  return text.replace(CONTROL, " ").replace(/\s+/g, " ").trim();
}

const BY_WORD = new Map<string, CommandSpec>(COMMANDS.flatMap((c) => [c.name, ...c.aliases].map((w) => [w, c] as const)));

/** The command a first word names (§6.1 step 5, after exits): exact name or alias, else the first name in table order it prefixes. */
export function lookupCommand(word: string): CommandSpec | null {
  const exact = BY_WORD.get(word);
  if (exact) return exact;
  return COMMANDS.find((c) => c.category !== "movement" && !c.exact && c.role === "player" && c.name.startsWith(word)) ?? null;
}

export function runCommand(tx: Tx, c: Character, raw: string): void {
  let text = normalise(raw);
  if (!text) return;
  if (text === "!") {
    if (!c.previousCommand) throw new CommandError("no_previous_command", "There is no previous command.");
    text = c.previousCommand;
  } else c.previousCommand = text;
  if (c.status === "departing") throw new CommandError("in_transit", "You are between places.");
  if (text.startsWith("'")) text = `say ${text.slice(1)}`;
  else if (text.startsWith(":")) text = `emote ${text.slice(1)}`;
  text = normalise(text);
  if (c.status !== "dead" && runTriggers(tx, c.room, "on_command", c, { text: text.toLowerCase() })) return;

  const space = text.indexOf(" ");
  const word = (space < 0 ? text : text.slice(0, space)).toLowerCase();
  const args = space < 0 ? "" : text.slice(space + 1);
  const exitName = DIRECTION_ALIASES[word] ?? word;
  const exit = tx.state.rooms[c.room]?.exits[exitName];
  if (exit && !exit.hidden) {
    run(tx, c, BY_WORD.get("go")!, exitName, "go");
    return;
  }
  const spec = lookupCommand(word);
  if (!spec) throw new CommandError("unknown_command", `Unknown command "${word}". Type "help" for a list of commands.`);
  if ((DIRECTIONS as readonly string[]).includes(spec.name)) {
    run(tx, c, BY_WORD.get("go")!, spec.name, "go");
    return;
  }
  run(tx, c, spec, args, word);
  return;
}

function run(tx: Tx, c: Character, spec: CommandSpec, args: string, word: string): void {
  if (roleRank(c.role) < roleRank(spec.role)) throw new CommandError("forbidden", "You are not allowed to do that.");
  if (spec.chat && c.mutedUntil !== null && c.mutedUntil > tx.now)
    throw new CommandError("muted", "You are muted.", { until: c.mutedUntil });
  if (c.status === "dead" && !spec.dead) throw new CommandError("dead", "You are dead.");
  if (spec.combat && inCombat(tx.state, c)) throw new CommandError("in_combat", "You are fighting! Flee first.");
  const handler: Handler = HANDLERS[spec.name]!;
  if (spec.role === "player") {
    handler(tx, c, args.trim(), { spec, word });
    return;
  }
  // §9 audit: every permitted GM command, with its outcome, in the same step as its effect.
  const audit = (outcome: string) =>
    tx.requests.push({
      kind: "audit",
      actor: c.id,
      account: c.account,
      role: c.role,
      text: `${word} ${args}`.trim(),
      target: args.split(" ")[0] || null,
      outcome,
    });
  try {
    const before = tx.requests.length;
    handler(tx, c, args.trim(), { spec, word });
    // A command sent on to another area (or to D1), or answered from there (`where`), is audited
    // by the area object once its real outcome is known.
    if (!tx.requests.slice(before).some((q) => q.kind === "order" || q.kind === "setrole" || q.kind === "remote")) audit("ok");
  } catch (error) {
    audit(error instanceof CommandError ? error.code : "internal");
    throw error;
  }
}
