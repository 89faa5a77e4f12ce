/**
 * Renders the OpenAPI document as one self-contained HTML page: no CDN scripts, so it works
 * offline in development and under the same-origin CSP.
 */
type Json = Record<string, unknown>;

const esc = (s: unknown) =>
  String(s ?? "").replace(/[&<>"']/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch] ?? ch);

const METHODS = ["get", "post", "put", "patch", "delete"] as const;

function schemaBlock(schema: unknown): string {
  return schema ? `<pre>${esc(JSON.stringify(schema, null, 2))}</pre>` : "";
}

function operation(path: string, method: string, op: Json): string {
  const params = (op.parameters as Json[] | undefined) ?? [];
  const body = (op.requestBody as Json | undefined)?.content as Json | undefined;
  const responses = (op.responses as Record<string, Json> | undefined) ?? {};
  const secured = Array.isArray(op.security) && op.security.length > 0;
  return `<details id="${esc(`${method}-${path}`)}"><summary><span class="m ${method}">${method.toUpperCase()}</span> <code>${esc(path)}</code> ${esc(op.summary)}${secured ? ' <span class="lock">bearer</span>' : ""}</summary>
${op.description ? `<p>${esc(op.description)}</p>` : ""}
${params.length ? `<h4>Parameters</h4><ul>${params.map((p) => `<li><code>${esc(p.name)}</code> (${esc(p.in)}${p.required ? ", required" : ""}) ${schemaBlock(p.schema)}</li>`).join("")}</ul>` : ""}
${body ? `<h4>Request body</h4>${Object.entries(body).map(([type, v]) => `<p>${esc(type)}</p>${schemaBlock((v as Json).schema)}`).join("")}` : ""}
<h4>Responses</h4><ul>${Object.entries(responses)
    .map(([status, r]) => {
      const content = r.content as Record<string, Json> | undefined;
      const first = content ? Object.values(content)[0] : undefined;
      return `<li><b>${esc(status)}</b> ${esc(r.description)}${first ? schemaBlock(first.schema) : ""}</li>`;
    })
    .join("")}</ul></details>`;
}

export function renderDocs(doc: Json): string {
  const info = (doc.info as Json) ?? {};
  const paths = (doc.paths as Record<string, Json>) ?? {};
  const byTag = new Map<string, string[]>();
  for (const [path, item] of Object.entries(paths)) {
    for (const method of METHODS) {
      const op = item[method] as Json | undefined;
      if (!op) continue;
      const tag = ((op.tags as string[] | undefined) ?? ["Other"])[0] ?? "Other";
      byTag.set(tag, [...(byTag.get(tag) ?? []), operation(path, method, op)]);
    }
  }
  const schemas = ((doc.components as Json | undefined)?.schemas as Json | undefined) ?? {};
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(info.title)} API</title><style>
body{font:15px/1.5 system-ui,sans-serif;max-width:980px;margin:2rem auto;padding:0 1rem;color:#1b1f24}
details{border:1px solid #d0d7de;border-radius:6px;margin:.4rem 0;padding:.3rem .6rem}summary{cursor:pointer}
.m{display:inline-block;min-width:4.2em;font-weight:600;font-size:.8em;text-align:center;border-radius:4px;color:#fff;padding:0 .3em}
.get{background:#0969da}.post{background:#1a7f37}.put{background:#9a6700}.patch{background:#8250df}.delete{background:#cf222e}
.lock{font-size:.75em;border:1px solid #999;border-radius:4px;padding:0 .3em}pre{background:#f6f8fa;padding:.5rem;overflow:auto;font-size:12px}
</style></head><body><h1>${esc(info.title)} <small>${esc(info.version)}</small></h1><p>${esc(info.description)}</p>
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).</p>
${[...byTag.entries()].map(([tag, ops]) => `<h2>${esc(tag)}</h2>${ops.join("\n")}`).join("\n")}
<h2>Schemas</h2>${Object.entries(schemas)
    .map(([name, s]) => `<details><summary><code>${esc(name)}</code></summary>${schemaBlock(s)}</details>`)
    .join("\n")}
</body></html>`;
}
