/**
 * Reads the operations of an OpenAPI 3.1 document (as the Worker serves it at `/openapi.json`) and
 * builds plausible values from its JSON Schemas. Pure: no I/O, so both the fuzz CLI and the tests
 * inside workerd use it.
 */
import type { Rng } from "../../src/lib/rng";

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  $ref?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  pattern?: string;
  example?: unknown;
  default?: unknown;
}

export interface OpenApiDoc {
  paths: Record<string, Record<string, OperationObject>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

interface OperationObject {
  parameters?: { name: string; in: string; required?: boolean; schema: JsonSchema }[];
  requestBody?: { required?: boolean; content: Record<string, { schema: JsonSchema }> };
  responses?: Record<string, unknown>;
  security?: Record<string, string[]>[];
}

export interface Param {
  name: string;
  required: boolean;
  schema: JsonSchema;
}

export interface Operation {
  /** `METHOD /path/{param}`, the key the authorization matrix and the fuzz report use. */
  key: string;
  method: string;
  path: string;
  pathParams: Param[];
  query: Param[];
  body: JsonSchema | null;
  bodyRequired: boolean;
  /** Declares a bearer token (possibly optional). */
  secured: boolean;
  /** Answers a WebSocket upgrade (documents a 101). */
  socket: boolean;
}

const METHODS = ["get", "post", "put", "patch", "delete"];

export function operations(doc: OpenApiDoc): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const params = op.parameters ?? [];
      const json = op.requestBody?.content["application/json"];
      out.push({
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        pathParams: params.filter((p) => p.in === "path").map((p) => ({ name: p.name, required: true, schema: p.schema })),
        query: params.filter((p) => p.in === "query").map((p) => ({ name: p.name, required: p.required ?? false, schema: p.schema })),
        body: json ? json.schema : null,
        bodyRequired: op.requestBody?.required ?? false,
        secured: (op.security ?? []).some((s) => "bearerAuth" in s),
        socket: Object.hasOwn(op.responses ?? {}, "101"),
      });
    }
  }
  return out;
}

/** Follows `$ref`s into `components.schemas`. */
export function resolve(doc: OpenApiDoc, schema: JsonSchema): JsonSchema {
  let s = schema;
  for (let i = 0; s.$ref && i < 20; i++) {
    const name = s.$ref.replace("#/components/schemas/", "");
    s = doc.components?.schemas?.[name] ?? {};
  }
  return s;
}

function typeOf(s: JsonSchema): string | undefined {
  if (Array.isArray(s.type)) return s.type.find((t) => t !== "null");
  return s.type;
}

/** The JSON type name of a schema, for choosing a value of a different one. */
export function jsonType(doc: OpenApiDoc, schema: JsonSchema): string {
  const s = resolve(doc, schema);
  const alt = s.anyOf ?? s.oneOf ?? s.allOf;
  if (alt?.[0]) return jsonType(doc, alt[0]);
  return typeOf(s) ?? (s.properties ? "object" : "unknown");
}

/**
 * A value the schema accepts as far as its declared constraints go (example, const, enum, bounds),
 * or a close guess. Optional object properties are included with probability one half.
 */
export function sample(doc: OpenApiDoc, schema: JsonSchema, rng: Rng, depth = 0): unknown {
  const s = resolve(doc, schema);
  if (s.example !== undefined) return structuredClone(s.example);
  if (s.const !== undefined) return s.const;
  if (s.enum?.length) return rng.pick(s.enum);
  if (s.default !== undefined && rng.chance(0.5)) return structuredClone(s.default);
  const alt = s.anyOf ?? s.oneOf;
  if (alt?.length) return sample(doc, rng.pick(alt), rng, depth + 1);
  if (s.allOf?.length) return Object.assign({}, ...s.allOf.map((p) => sample(doc, p, rng, depth + 1)));
  switch (typeOf(s)) {
    case "integer":
      return Math.max(s.minimum ?? 1, Math.min(s.maximum ?? 1, 1));
    case "number":
      return Math.max(s.minimum ?? 1, Math.min(s.maximum ?? 1.5, 1.5));
    case "boolean":
      return true;
    case "string":
      return "x".repeat(Math.max(1, s.minLength ?? 1, Math.min(s.maxLength ?? 8, 8)));
    case "array":
      return depth > 4 || !s.items
        ? []
        : Array.from({ length: Math.max(1, s.minItems ?? 1) }, () => sample(doc, s.items as JsonSchema, rng, depth + 1));
    case "null":
      return null;
    default: {
      if (!s.properties || depth > 4) return {};
      const out: Record<string, unknown> = {};
      const required = new Set(s.required ?? []);
      for (const [k, v] of Object.entries(s.properties)) {
        if (required.has(k) || rng.chance(0.5)) out[k] = sample(doc, v, rng, depth + 1);
      }
      return out;
    }
  }
}

/** The property names of an object schema (after `$ref`s), required ones first. */
export function fieldsOf(doc: OpenApiDoc, schema: JsonSchema | null): { name: string; required: boolean; schema: JsonSchema }[] {
  if (!schema) return [];
  const s = resolve(doc, schema);
  const required = new Set(s.required ?? []);
  return Object.entries(s.properties ?? {})
    .map(([name, sub]) => ({ name, required: required.has(name), schema: sub }))
    .sort((a, b) => Number(b.required) - Number(a.required));
}
