/**
 * The command table (spec §6.3, §9) in priority order: prefix matching walks it top to bottom, so
 * the order here is part of the rules («a» runs `attack`, which precedes `accept`). Handlers live
 * elsewhere; this is pure data, also read by the content loader (a custom exit may not be named
 * like a command).
 */
export const ROLES = ["player", "moderator", "game_master", "admin"] as const;
export type Role = (typeof ROLES)[number];
export const roleRank = (role: Role): number => ROLES.indexOf(role);

export const DIRECTIONS = ["north", "south", "east", "west", "up", "down"] as const;
export const DIRECTION_ALIASES: Record<string, string> = { n: "north", s: "south", e: "east", w: "west", u: "up", d: "down" };

export const SOCIALS = ["smile", "nod", "laugh", "wave", "bow", "shrug", "grin", "frown", "sigh", "cheer"] as const;

export interface CommandSpec {
  name: string;
  aliases: string[];
  usage: string;
  category:
    | "movement"
    | "communication"
    | "information"
    | "items"
    | "combat"
    | "quests"
    | "merchant"
    | "system"
    | "moderation"
    | "game master"
    | "admin";
  /** Refused while in combat (`in_combat`). */
  combat?: boolean;
  /** Spends a chat token and is refused while muted. */
  chat?: boolean;
  /** Only the full name or an alias runs it, never a prefix. */
  exact?: boolean;
  /** Allowed while dead (§5.4). */
  dead?: boolean;
  role: Role;
}

const c = (
  name: string,
  aliases: string[],
  usage: string,
  category: CommandSpec["category"],
  extra: Partial<CommandSpec> = {},
): CommandSpec => ({
  name,
  aliases,
  usage,
  category,
  role: "player",
  ...extra,
});

export const COMMANDS: CommandSpec[] = [
  ...DIRECTIONS.map((d) => c(d, [d[0] as string], d, "movement", { combat: true })),
  c("go", [], "go <exit>", "movement", { combat: true }),
  c("look", ["l"], "look [target] | look in <container> | look <direction>", "information", { dead: true }),
  c("say", ["'"], "say <text>", "communication", { chat: true, dead: true }),
  c("emote", [":"], "emote <text>", "communication", { chat: true }),
  ...SOCIALS.map((s) => c(s, [], `${s} [target]`, "communication", { chat: true })),
  c("tell", ["whisper"], "tell <name> <text>", "communication", { chat: true, dead: true }),
  c("yell", ["shout"], "yell <text>", "communication", { chat: true }),
  c("who", [], "who", "information", { dead: true }),
  c("inventory", ["i", "inv"], "inventory", "items", { dead: true }),
  c("get", ["take"], "get <item> | get all[.item] | get <item> from <container>", "items"),
  c("drop", [], "drop <item> | drop all[.item]", "items"),
  c("put", [], "put <item>|all[.item] in <container>", "items"),
  c("give", [], "give <item> to <target>", "items"),
  c("equip", ["wear", "wield"], "equip <item>", "items"),
  c("unequip", ["remove"], "unequip <item|slot>", "items"),
  c("use", ["drink", "eat", "quaff"], "use <item>", "items"),
  c("open", [], "open <door|direction>", "movement", { combat: true }),
  c("close", [], "close <door|direction>", "movement", { combat: true }),
  c("lock", [], "lock <door|direction>", "movement", { combat: true }),
  c("unlock", [], "unlock <door|direction>", "movement", { combat: true }),
  c("attack", ["kill", "k"], "attack <npc>", "combat"),
  c("stop", [], "stop", "combat"),
  c("flee", [], "flee", "combat"),
  c("stats", ["score", "sheet"], "stats", "information", { dead: true }),
  c("effects", [], "effects", "information", { dead: true }),
  c("talk", [], "talk <npc>", "quests", { combat: true }),
  c("quests", ["journal", "j"], "quests", "quests", { dead: true }),
  c("accept", [], "accept <quest>", "quests", { combat: true }),
  c("abandon", [], "abandon <quest>", "quests", { exact: true }),
  c("list", [], "list", "merchant", { combat: true }),
  c("buy", [], "buy <item>", "merchant", { combat: true }),
  c("sell", [], "sell <item>", "merchant", { combat: true }),
  c("help", ["?"], "help [command]", "system", { dead: true }),
  c("quit", ["logout"], "quit", "system", { exact: true, combat: true }),
  // GM commands (§9): never prefix-matched. `who` for moderators is the player `who`, extended.
  c("where", [], "where <name>", "moderation", { exact: true, role: "moderator", dead: true }),
  c("kick", [], "kick <name> [reason]", "moderation", { exact: true, role: "moderator", dead: true }),
  c("mute", [], "mute <name> <minutes 1–10080>", "moderation", { exact: true, role: "moderator", dead: true }),
  c("unmute", [], "unmute <name>", "moderation", { exact: true, role: "moderator", dead: true }),
  c("warn", [], "warn <name> <text>", "moderation", { exact: true, role: "moderator", dead: true }),
  c("goto", [], "goto <room id|name>", "game master", { exact: true, role: "game_master" }),
  c("summon", [], "summon <name>", "game master", { exact: true, role: "game_master" }),
  c("spawn", [], "spawn npc|item <template>", "game master", { exact: true, role: "game_master" }),
  c("despawn", [], "despawn <target>", "game master", { exact: true, role: "game_master" }),
  c("setstat", [], "setstat <name> <stat> <value>", "game master", { exact: true, role: "game_master", dead: true }),
  c("heal", [], "heal <target>", "game master", { exact: true, role: "game_master", dead: true }),
  c("revive", [], "revive <name>", "game master", { exact: true, role: "game_master", dead: true }),
  c("invis", [], "invis", "game master", { exact: true, role: "game_master", dead: true }),
  c("broadcast", [], "broadcast <text>", "admin", { exact: true, role: "admin", dead: true }),
  c("reload", [], "reload [area]", "admin", { exact: true, role: "admin", dead: true }),
  c("setrole", [], "setrole <name> <role>", "admin", { exact: true, role: "admin", dead: true }),
];

export const COMMAND_WORDS: ReadonlySet<string> = new Set(COMMANDS.flatMap((cmd) => [cmd.name, ...cmd.aliases]));
