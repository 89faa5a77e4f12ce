import { BASIC } from "./basic";
import { DOORS } from "./doors";
import { FIGHT } from "./fight";
import { GM } from "./gm";
import type { Handler } from "./handler";
import { ITEMS } from "./items";
import { NPCS } from "./npcs";

export const HANDLERS: Record<string, Handler> = { ...BASIC, ...ITEMS, ...DOORS, ...FIGHT, ...NPCS, ...GM };
