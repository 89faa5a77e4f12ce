/**
 * Renders the OpenAPI document as one self-contained reference page: no CDN, so it works offline
 * and under the same-origin CSP. Schemas are linked by name, descriptions are rendered Markdown,
 * and every operation has a "try it" form (its script is /docs/try-it.js, see docs-script.ts).
 */
import { escapeHtml as esc, renderMarkdown as md } from "./docs-markdown";

type Json = Record<string, any>;

const METHODS = ["get", "post", "put", "patch", "delete"] as const;

const schemaName = (ref: string) => ref.split("/").pop() ?? ref;
const schemaLink = (ref: string) => `<a href="#schema-${esc(schemaName(ref))}"><code>${esc(schemaName(ref))}</code></a>`;

/** A one-line type: a link for a named schema, else the type with its constraints. */
function typeOf(s: Json | undefined): string {
  if (!s) return "any";
  if (s.$ref) return schemaLink(s.$ref);
  const alternatives: Json[] | undefined = s.oneOf ?? s.anyOf;
  if (alternatives) return alternatives.map(typeOf).join(" | ");
  if (s.enum) return s.enum.map((v: unknown) => `<code>${esc(JSON.stringify(v))}</code>`).join(" | ");
  if (s.const !== undefined) return `<code>${esc(JSON.stringify(s.const))}</code>`;
  if (s.type === "array") return `${typeOf(s.items)}[]`;
  const types = Array.isArray(s.type) ? s.type.join(" | ") : (s.type ?? (s.properties ? "object" : "any"));
  const limits = [
    s.format,
    s.minimum !== undefined ? `≥ ${s.minimum}` : null,
    s.maximum !== undefined ? `≤ ${s.maximum}` : null,
    s.minLength !== undefined ? `length ≥ ${s.minLength}` : null,
    s.maxLength !== undefined ? `length ≤ ${s.maxLength}` : null,
    s.pattern ? `/${s.pattern}/` : null,
    s.default !== undefined ? `default ${JSON.stringify(s.default)}` : null,
  ].filter(Boolean);
  return `${esc(types)}${limits.length ? ` <small>(${esc(limits.join(", "))})</small>` : ""}`;
}

/** An object's properties as a table (nested inline objects as nested tables); anything else as its type. */
function schemaBlock(s: Json | undefined, depth = 0): string {
  if (!s) return "";
  if (!s.properties || depth > 3) {
    const extra = s.additionalProperties && typeof s.additionalProperties === "object" ? ` of ${typeOf(s.additionalProperties)}` : "";
    return `<p class="type">${typeOf(s)}${extra}</p>${s.description ? md(s.description) : ""}`;
  }
  const required = new Set<string>(s.required ?? []);
  const rows = Object.entries(s.properties as Record<string, Json>).map(([name, p]) => {
    const nested = p.properties
      ? schemaBlock(p, depth + 1)
      : p.type === "array" && p.items?.properties
        ? schemaBlock(p.items, depth + 1)
        : "";
    return `<tr><td><code>${esc(name)}</code>${required.has(name) ? ' <span class="req">required</span>' : ""}</td><td>${typeOf(p)}${nested}</td><td>${md(p.description)}</td></tr>`;
  });
  return `${s.description ? md(s.description) : ""}<table><tr><th>field</th><th>type</th><th>meaning</th></tr>${rows.join("")}</table>`;
}

const example = (media: Json | undefined) =>
  media?.example === undefined
    ? ""
    : `<details class="ex"><summary>example</summary><pre>${esc(JSON.stringify(media.example, null, 2))}</pre></details>`;

function tryForm(path: string, method: string, params: Json[], body: Json | undefined): string {
  const fields = params
    .filter((p) => p.in === "path" || p.in === "query")
    .map(
      (p) =>
        `<label>${esc(p.name)} <small>${esc(p.in)}${p.required ? ", required" : ""}</small> <input name="${esc(p.name)}" data-in="${esc(p.in)}"${p.required ? " required" : ""} value="${esc(p.schema?.example ?? p.example ?? "")}"></label>`,
    )
    .join("");
  const media = body?.content?.["application/json"];
  const textarea = media
    ? `<label>body <small>application/json</small><textarea name="body" rows="6">${esc(media.example === undefined ? "" : JSON.stringify(media.example, null, 2))}</textarea></label>`
    : "";
  return `<form class="try" data-method="${method}" data-path="${esc(path)}">${fields}${textarea}<button>Send ${method.toUpperCase()}</button><output></output></form>`;
}

function operation(path: string, method: string, op: Json): string {
  const params: Json[] = op.parameters ?? [];
  const body = op.requestBody?.content as Record<string, Json> | undefined;
  const secured = Array.isArray(op.security) && op.security.some((s: Json) => Object.keys(s).length > 0);
  const websocket = op.responses?.["101"] !== undefined;
  return `<section class="op" id="${esc(op.operationId)}">
<h3><span class="m ${method}">${method.toUpperCase()}</span> <code>${esc(path)}</code>${secured ? ' <span class="lock">bearer</span>' : ""}</h3>
<p class="sum">${esc(op.summary)} <a class="id" href="#${esc(op.operationId)}">${esc(op.operationId)}</a></p>
${op.description ? md(op.description) : ""}
${
  params.length
    ? `<h4>Parameters</h4><table><tr><th>name</th><th>in</th><th>type</th><th>meaning</th></tr>${params
        .map(
          (p) =>
            `<tr><td><code>${esc(p.name)}</code>${p.required ? ' <span class="req">required</span>' : ""}</td><td>${esc(p.in)}</td><td>${typeOf(p.schema)}</td><td>${md(p.description ?? p.schema?.description)}</td></tr>`,
        )
        .join("")}</table>`
    : ""
}
${
  body
    ? `<h4>Request body</h4>${Object.entries(body)
        .map(([type, m]) => `<p><small>${esc(type)}</small></p>${schemaBlock(m.schema)}${example(m)}`)
        .join("")}`
    : ""
}
<h4>Responses</h4><ul class="responses">${Object.entries((op.responses ?? {}) as Record<string, Json>)
    .map(([status, r]) => {
      const media = r.content ? (Object.values(r.content)[0] as Json) : undefined;
      return `<li><b>${esc(status)}</b> ${md(r.description)}${media?.schema ? `<div class="type">${typeOf(media.schema)}</div>` : ""}${example(media)}</li>`;
    })
    .join("")}</ul>
${websocket ? "<p><small>A WebSocket: connect with a WebSocket client (see the description).</small></p>" : `<details class="tryit"><summary>Try it</summary>${tryForm(path, method, params, op.requestBody)}</details>`}
</section>`;
}

export function renderDocs(doc: Json): string {
  const info: Json = doc.info ?? {};
  const byTag = new Map<string, { path: string; method: string; op: Json }[]>();
  for (const [path, item] of Object.entries((doc.paths ?? {}) as Record<string, Json>)) {
    for (const method of METHODS) {
      const op = item[method] as Json | undefined;
      if (!op) continue;
      const tag = op.tags?.[0] ?? "Other";
      byTag.set(tag, [...(byTag.get(tag) ?? []), { path, method, op }]);
    }
  }
  const schemas = (doc.components?.schemas ?? {}) as Record<string, Json>;
  const nav = [...byTag.entries()]
    .map(
      ([tag, ops]) =>
        `<h4>${esc(tag)}</h4><ul>${ops.map(({ path, method, op }) => `<li><a href="#${esc(op.operationId)}"><span class="m ${method}">${method.toUpperCase()}</span> ${esc(path)}</a></li>`).join("")}</ul>`,
    )
    .join("");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(info.title)} API reference</title><style>
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1b1f24;display:grid;grid-template-columns:310px 1fr}
nav{position:sticky;top:0;height:100vh;overflow:auto;border-right:1px solid #d0d7de;padding:.5rem 1rem;font-size:13px;background:#f6f8fa}
nav ul{list-style:none;padding:0;margin:0}nav a{text-decoration:none;color:inherit;display:block;padding:1px 0}nav h4{margin:.8rem 0 .2rem}
main{padding:1rem 2rem;max-width:1000px}.op{border-top:1px solid #d0d7de;padding:.6rem 0}h3{margin:.4rem 0;font-size:16px}
.m{display:inline-block;min-width:3.6em;font-weight:600;font-size:.75em;text-align:center;border-radius:4px;color:#fff;padding:0 .3em}
.get{background:#0969da}.post{background:#1a7f37}.put{background:#9a6700}.patch{background:#8250df}.delete{background:#cf222e}
.lock,.req{font-size:.75em;border:1px solid #999;border-radius:4px;padding:0 .3em}.req{border-color:#cf222e;color:#cf222e}
.id{font-size:.8em;color:#57606a}table{border-collapse:collapse;margin:.3rem 0;font-size:13px}td,th{border:1px solid #d0d7de;padding:2px 6px;vertical-align:top;text-align:left}
pre,output{display:block;background:#f6f8fa;padding:.5rem;overflow:auto;font-size:12px;white-space:pre;max-height:420px}
form.try label{display:block;margin:.2rem 0}form.try input{width:20em}form.try textarea{display:block;width:100%;font:12px monospace}
.auth{position:sticky;top:0;background:#fff;padding:.4rem 0;border-bottom:1px solid #d0d7de;z-index:1}.auth input{width:60%}
</style></head><body><nav><p><b>${esc(info.title)}</b> ${esc(info.version)}</p><p><a href="#schemas">Schemas</a> · <a href="/openapi.json">/openapi.json</a></p>${nav}</nav>
<main><h1>${esc(info.title)} API reference</h1>${md(info.description)}
<p>Servers: ${((doc.servers ?? []) as Json[]).map((s) => `<code>${esc(s.url)}</code> (${esc(s.description)})`).join(", ")}. Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).</p>
<div class="auth"><label>Bearer token <input id="token" placeholder="accessToken from register, login or refresh (filled in when one of them answers here)"></label></div>
${[...byTag.entries()].map(([tag, ops]) => `<h2>${esc(tag)}</h2>${ops.map(({ path, method, op }) => operation(path, method, op)).join("\n")}`).join("\n")}
<h2 id="schemas">Schemas</h2>${Object.entries(schemas)
    .map(
      ([name, s]) =>
        `<section class="op" id="schema-${esc(name)}"><h3><code>${esc(name)}</code></h3>${schemaBlock(s)}${example(s)}</section>`,
    )
    .join("\n")}
</main><script src="/docs/try-it.js"></script></body></html>`;
}
