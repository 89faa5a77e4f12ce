import { createRoute, z } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { every } from "hono/combine";
import { requireAdmin } from "../auth/middleware";
import type { AppEnv } from "../http/app-env";
import { ApiError, errorResponses } from "../http/errors";
import { bearer, jsonResponse as json } from "../http/openapi";
import { router } from "../http/router";
import { devMailbox } from "./dev";
import { mailSenderKind } from "./sender";

const DevMailQuery = z.object({
  to: z.email().max(254).openapi({ example: "ada@example.com" }),
  limit: z.coerce.number().int().min(1).max(50).default(10).openapi({ example: 10 }),
});

const DevMailListSchema = z
  .object({
    messages: z.array(
      z.object({ id: z.string(), to: z.string(), subject: z.string(), text: z.string(), html: z.string(), createdAt: z.number().int() }),
    ),
  })
  .openapi("DevMailList", {
    example: {
      messages: [
        {
          id: "0b8f…",
          to: "ada@example.com",
          subject: "Confirm your email for orrery",
          text: "Hello ada,\n…\nConfirm email: http://localhost:8787/v1/auth/verify-email?token=…",
          html: "<!doctype html>…",
          createdAt: 1_790_000_000_000,
        },
      ],
    },
  });

/**
 * The mailbox exists only while the dev sender is active (404 otherwise). In development it is
 * open; a production Worker that explicitly runs the dev sender (the test suite) shows it to
 * admins only, since it holds working reset links.
 */
const adminOnly = every(...requireAdmin);

const devMailOnly: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (mailSenderKind(c.get("config")) !== "dev") throw ApiError.of("not_found", "no dev mailbox: the dev mail sender is not active");
  if (c.get("config").ENVIRONMENT === "development") return next();
  return adminOnly(c, next);
};

const mailbox = createRoute({
  method: "get",
  path: "/v1/dev/mail",
  operationId: "readDevMail",
  tags: ["Platform"],
  summary: "Messages the dev mail sender kept for an address (newest first)",
  description:
    "Only while MAIL_SENDER is `dev` (the default in development); 404 `not_found` otherwise. Open in development; admins only when a production Worker runs the dev sender.",
  security: bearer,
  middleware: [devMailOnly] as const,
  request: { query: DevMailQuery },
  responses: { 200: json(DevMailListSchema, "Messages"), ...errorResponses(400, 401, 403, 404, 429) },
});

export const devMailRoutes = router().openapi(mailbox, async (c) => {
  const { to, limit } = c.req.valid("query");
  return c.json({ messages: await devMailbox(c.env, to, limit) }, 200);
});
