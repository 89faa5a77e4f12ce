/**
 * Examples for the OpenAPI documentation of the auth and admin routes, captured from real responses of `npm run dev`
 * (long lists cut to two entries). `jsonResponse`/`jsonBody` type-check them against their schemas.
 */
import type { z } from "@hono/zod-openapi";
import type { SessionListSchema, TokenResponse, UserSchema } from "./schemas";

/** An account as its owner sees it */
export const userExample = {
  id: "a686fc54-97dc-425f-b07d-126d47283f67",
  username: "ada",
  email: null,
  emailVerified: false,
  role: "player",
  banned: false,
  guest: false,
  createdAt: 1796032394339,
  lastLoginAt: 1796032394571,
} satisfies z.input<typeof UserSchema>;

/** A session: access token, refresh token and the account */
export const tokenExample = {
  user: userExample,
  accessToken:
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJyb2xlIjoicGxheWVyIiwic2lkIjoiOWM4MDliMjctZjU0My00MzAzLWE4MGItMWJkZjgxMDFiNzM3IiwibmFtZSI6ImFkYSIsImlzcyI6Im9ycmVyeSIsImF1ZCI6Im9ycmVyeS1hcGkiLCJzdWIiOiJhNjg2ZmM1NC05N2RjLTQyNWYtYjA3ZC0xMjZkNDcyODNmNjciLCJpYXQiOjE3OTYwMzIzOTQsImV4cCI6MTc5NjAzMzI5NCwianRpIjoiMjBmNzMzMGEtZTcyNC00MTdlLTk5MDctODgxYzlmZmYxOGQwIn0.TeGfVTtqskCAMs53MkPaqkRZMweS9sSB_5N4UH0aoOI",
  tokenType: "Bearer",
  expiresIn: 900,
  refreshToken: "3FidNaNeZ0B3eKjU6TjcXK1L47d2k3T6qOIui43I2_U",
  refreshTokenExpiresAt: 1798624394591,
  sessionId: "9c809b27-f543-4303-a80b-1bdf8101b737",
} satisfies z.input<typeof TokenResponse>;

/** The caller's live sessions */
export const sessionsExample = {
  sessions: [
    {
      id: "9c809b27-f543-4303-a80b-1bdf8101b737",
      createdAt: 1796032394918,
      lastUsedAt: 1796032394918,
      expiresAt: 1798624394918,
      userAgent: "curl/7.88.1",
      current: true,
    },
    {
      id: "00bd77b2-7138-4937-9133-4df037820b58",
      createdAt: 1796032394344,
      lastUsedAt: 1796032394344,
      expiresAt: 1798624394344,
      userAgent: "curl/7.88.1",
      current: false,
    },
  ],
} satisfies z.input<typeof SessionListSchema>;
