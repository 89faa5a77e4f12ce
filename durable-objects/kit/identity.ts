import { z } from "zod";

/**
 * The Worker verifies the caller and forwards identity to objects in these headers. Objects are
 * reachable only through the Worker, which strips any client-supplied copy before forwarding.
 */
export const IDENTITY_HEADER = "x-orrery-identity";
export const SUBPROTOCOL_HEADER = "x-orrery-subprotocol";

export const IdentitySchema = z.object({
  userId: z.string(),
  username: z.string(),
  role: z.enum(["player", "moderator", "admin"]),
  /** The session family the token belongs to, so logging out that session reaches its sockets. */
  sessionId: z.string(),
});
export type Identity = z.infer<typeof IdentitySchema>;

export function withIdentity(request: Request, identity: Identity, subprotocol?: string): Request {
  const headers = new Headers(request.headers);
  headers.set(IDENTITY_HEADER, JSON.stringify(identity));
  if (subprotocol) headers.set(SUBPROTOCOL_HEADER, subprotocol);
  else headers.delete(SUBPROTOCOL_HEADER);
  return new Request(request.url, { method: request.method, headers, body: request.body });
}

export function readIdentity(request: Request): Identity | null {
  const raw = request.headers.get(IDENTITY_HEADER);
  if (!raw) return null;
  try {
    const parsed = IdentitySchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
