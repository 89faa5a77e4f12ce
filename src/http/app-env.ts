import type { Config } from "../config";

export type Role = "player" | "moderator" | "admin";

export interface AuthUser {
  id: string;
  username: string;
  role: Role;
  /** Session family the access token was minted for; revoking it ends the token early. */
  sessionId: string;
  /** A guest account (POST /v1/auth/guest): unranked play and spectating only. */
  guest: boolean;
  /** While in the future, the account cannot create rooms (set by a moderator). */
  mutedUntil: number | null;
}

export type AppEnv = {
  Bindings: Env;
  Variables: {
    requestId: string;
    config: Config;
    ip: string;
    user: AuthUser | undefined;
  };
};
