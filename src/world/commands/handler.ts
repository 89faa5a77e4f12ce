import { CommandError } from "../events";
import type { Character } from "../state";
import type { Tx } from "../tx";
import type { CommandSpec } from "./table";

export interface HandlerContext {
  spec: CommandSpec;
  word: string;
}

/** A command's handler: validates first and throws a CommandError before changing anything. */
export type Handler = (tx: Tx, c: Character, args: string, ctx: HandlerContext) => void;

export function badArguments(spec: CommandSpec): never {
  throw new CommandError("bad_arguments", `Usage: ${spec.usage}`);
}

/** Splits `args` at the first standalone `word` («put x in y» → ["x", "y"]). */
export function splitAt(args: string, word: string): [string, string] | null {
  const m = new RegExp(`^(.+?)\\s+${word}\\s+(.+)$`, "i").exec(args);
  return m ? [m[1]!, m[2]!] : null;
}
