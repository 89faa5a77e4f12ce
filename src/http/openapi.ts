/** Building blocks for route declarations, so every router documents requests the same way. */

/** Security requirement of routes that take `Authorization: Bearer <accessToken>`. */
export const bearer = [{ bearerAuth: [] }];

/** Routes anyone may call; a bearer token, when sent, is still checked (and a banned account refused). */
export const optionalBearer: Record<string, string[]>[] = [{ bearerAuth: [] }, {}];

/** A JSON response entry for `createRoute({ responses })`. */
export const jsonResponse = <T>(schema: T, description: string) => ({ description, content: { "application/json": { schema } } });

/** A required JSON request body for `createRoute({ request: { body } })`. */
export const jsonBody = <T>(schema: T) => ({ required: true, content: { "application/json": { schema } } });
