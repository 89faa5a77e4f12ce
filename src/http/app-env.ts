import type { Config } from "../config";

export type Role = "player" | "admin";

export interface AuthUser {
  id: string;
  username: string;
  role: Role;
  /** Session family the access token was minted for; revoking it ends the token early. */
  sessionId: string;
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
