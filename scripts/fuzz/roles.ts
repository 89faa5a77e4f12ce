/**
 * The accounts and resources the fuzz and the authorization matrix share, built the same way
 * whether the API is reached over the network (`npm run fuzz`) or through SELF.fetch (the tests).
 */
import type { Fixtures } from "./fixtures";
import type { Role } from "./requests";

export interface RoleAccount {
  id: string;
  username: string;
  password: string;
  accessToken: string;
  sessionId: string;
}

/** How the builder reaches the API. */
export interface SetupClient<A extends RoleAccount> {
  /** The JSON body of a call that must answer `status` (anything else throws or fails the test). */
  must(method: string, path: string, status: number, body?: unknown, token?: string): Promise<any>;
  register(prefix: string): Promise<A>;
  loginAdmin(): Promise<Omit<RoleAccount, "username" | "password">>;
}

export function emptyFixtures(): Fixtures {
  return { tokens: {}, sessions: {}, universe: "milky-way", planet: "", room: "", game: "", share: "", otherUser: "", victim: "" };
}

/**
 * Registers `roles` (the anonymous role's account is one nobody else uses, for login and refresh)
 * and the victim, logs the admin in, bans the banned role, and joins the universe as `joiners`
 * (the player first: its homeworld is the fixture's planet).
 */
export async function buildRoles<A extends RoleAccount>(
  client: SetupClient<A>,
  fx: Fixtures,
  roles: readonly Exclude<Role, "admin">[],
  joiners: readonly Role[],
): Promise<{ accounts: Partial<Record<Role, A>>; adminId: string }> {
  const accounts: Partial<Record<Role, A>> = {};
  for (const role of roles) {
    const a = await client.register(role.slice(0, 5));
    accounts[role] = a;
    if (role === "anonymous") continue;
    fx.tokens[role] = a.accessToken;
    fx.sessions[role] = a.sessionId;
  }
  fx.victim = (await client.register("victim")).id;
  fx.otherUser = accounts.other?.id ?? "";
  const admin = await client.loginAdmin();
  fx.tokens.admin = admin.accessToken;
  fx.sessions.admin = admin.sessionId;
  await client.must("POST", `/v1/admin/users/${accounts.banned?.id}/ban`, 200, { reason: "fuzz: the banned role" }, fx.tokens.admin);
  for (const role of joiners) {
    const joined = await client.must("POST", `/v1/universes/${fx.universe}/join`, 201, {}, fx.tokens[role]);
    if (role === "player") fx.planet = joined.empire.planets[0].id;
  }
  return { accounts, adminId: admin.id };
}

/** A new share code of the fixture's game. */
export async function newShare(client: SetupClient<RoleAccount>, fx: Fixtures): Promise<string> {
  return (await client.must("POST", `/v1/games/${fx.game}/share`, 201, {}, fx.tokens.player)).code;
}
