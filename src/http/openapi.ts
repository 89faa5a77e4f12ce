/** Building blocks for route declarations, so every router documents requests the same way. */
import { z } from "@hono/zod-openapi";

/** Security requirement of routes that take `Authorization: Bearer <accessToken>`. */
export const bearer = [{ bearerAuth: [] }];

/** Routes anyone may call; a bearer token, when sent, is still checked (and a banned account refused). */
export const optionalBearer: Record<string, string[]>[] = [{ bearerAuth: [] }, {}];

/**
 * A JSON response entry for `createRoute({ responses })`. The example is typed by the schema, so
 * the type checker keeps it in step with the shape it illustrates.
 */
export const jsonResponse = <T extends z.ZodType>(schema: T, description: string, example?: z.input<T>) => ({
  description,
  content: { "application/json": { schema, ...(example === undefined ? {} : { example }) } },
});

/** A required JSON request body for `createRoute({ request: { body } })`, with a typed example. */
export const jsonBody = <T extends z.ZodType>(schema: T, example?: z.input<T>) => ({
  required: true,
  content: { "application/json": { schema, ...(example === undefined ? {} : { example }) } },
});

/** The optional `Idempotency-Key` header of a command a client may retry: the same key answers the first outcome. */
export const idempotencyHeader = (description: string, example: string) =>
  z.object({ "idempotency-key": z.string().min(1).max(128).optional().openapi({ description, example }) });
