import { describe, expect, it } from "vitest";
import { call, json } from "../helpers/http";

type Json = Record<string, any>;
const METHODS = ["get", "post", "put", "patch", "delete"];

interface Operation {
  name: string;
  op: Json;
}

async function openapi(): Promise<Json> {
  const res = await call("/openapi.json");
  expect(res.status).toBe(200);
  return json(res);
}

function operations(doc: Json): Operation[] {
  return Object.entries(doc.paths as Record<string, Json>).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((m) => ({ name: `${m.toUpperCase()} ${path}`, op: item[m] as Json })),
  );
}

/**
 * An example on the media type, or one a reader can assemble from the schema: the schema (or the
 * one it names) has an example, each alternative has one, or each property of an object has one.
 */
function hasExample(doc: Json, media: Json | undefined): boolean {
  if (!media) return true;
  return media.example !== undefined || media.examples !== undefined || schemaHasExample(doc, media.schema, 0);
}

function schemaHasExample(doc: Json, schema: Json | undefined, depth: number): boolean {
  if (!schema || depth > 4) return false;
  if (schema.example !== undefined || schema.examples !== undefined) return true;
  if (schema.$ref) return schemaHasExample(doc, doc.components.schemas[schema.$ref.split("/").pop()], depth + 1);
  const alternatives: Json[] | undefined = schema.oneOf ?? schema.anyOf;
  if (alternatives) return alternatives.every((s) => schemaHasExample(doc, s, depth + 1));
  const properties = Object.values((schema.properties ?? {}) as Record<string, Json>);
  return properties.length > 0 && properties.every((s) => schemaHasExample(doc, s, depth + 1));
}

/** Every operation's gaps, named, so a failure says which route to fix. */
function gaps(doc: Json): string[] {
  const out: string[] = [];
  const seen = new Map<string, string>();
  for (const { name, op } of operations(doc)) {
    const id = op.operationId;
    if (typeof id !== "string" || !/^[a-z][a-zA-Z0-9]*$/.test(id)) out.push(`${name}: operationId missing or not camelCase (${id})`);
    else if (seen.has(id)) out.push(`${name}: operationId ${id} also used by ${seen.get(id)}`);
    else seen.set(id, name);
    if (typeof op.summary !== "string" || op.summary.trim() === "") out.push(`${name}: no summary`);
    for (const [type, media] of Object.entries((op.requestBody?.content ?? {}) as Record<string, Json>)) {
      if (!hasExample(doc, media)) out.push(`${name}: request body (${type}) has no example`);
    }
    for (const [status, response] of Object.entries(op.responses as Record<string, Json>)) {
      for (const [type, media] of Object.entries((response.content ?? {}) as Record<string, Json>)) {
        if (!hasExample(doc, media)) out.push(`${name}: response ${status} (${type}) has no example`);
      }
      if (response.content?.["application/json"]?.schema?.$ref === "#/components/schemas/Error") {
        const codes = response["x-error-codes"];
        if (!Array.isArray(codes) || codes.length === 0) out.push(`${name}: response ${status} lists no error codes`);
        else if (!codes.every((c: string) => String(response.description).includes(c)))
          out.push(`${name}: response ${status} description omits its codes`);
      }
    }
  }
  return out;
}

describe("OpenAPI completeness", () => {
  it("gives every operation a unique camelCase operationId, a summary, examples and its error codes", async () => {
    const doc = await openapi();
    expect(operations(doc).length).toBeGreaterThan(60);
    expect(gaps(doc)).toEqual([]);
  });

  it("lists the servers, this origin first", async () => {
    const doc = await openapi();
    expect(doc.servers?.[0]?.url).toBe("http://orrery.test");
    expect(doc.servers.map((s: Json) => s.url)).toContain("http://localhost:8787");
  });

  it("derives each status's generic codes from the error model and adds a route's domain codes", async () => {
    const doc = await openapi();
    const register = doc.paths["/v1/auth/register"].post.responses;
    expect(register["400"]["x-error-codes"]).toEqual(["invalid_request", "invalid_json"]);
    expect(register["429"]["x-error-codes"]).toEqual(["rate_limited"]);
    expect(register["409"]["x-error-codes"]).toEqual(["conflict"]);
    const join = doc.paths["/v1/rooms/join"].post.responses;
    expect(join["404"]["x-error-codes"]).toEqual(["not_found", "room_not_found"]);
  });
});
