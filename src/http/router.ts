import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "./app-env";
import { ApiError, issuesToDetails } from "./errors";
import { MatchCache } from "./match-cache";

/** Every router shares this validation hook, so each zod failure becomes the same 400. */
export function router() {
  return new OpenAPIHono<AppEnv>({
    router: new MatchCache(),
    defaultHook: (result) => {
      if (!result.success) {
        throw ApiError.of("invalid_request", "request validation failed", issuesToDetails(result.error.issues, result.target));
      }
    },
  });
}
