/**
 * The "try it" forms of /docs, served as /docs/try-it.js: the page's CSP allows scripts from this
 * origin only, so the script cannot be inline. Each form names its method and path; the bearer
 * token field is shared by all forms and kept in localStorage, and a response that carries an
 * `accessToken` (register, login, refresh) fills it in.
 */
export const TRY_IT_SCRIPT = `"use strict";
(() => {
  const token = document.getElementById("token");
  token.value = localStorage.getItem("orrery.token") || "";
  token.addEventListener("input", () => localStorage.setItem("orrery.token", token.value.trim()));

  for (const form of document.querySelectorAll("form.try")) {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const out = form.querySelector("output");
      let path = form.dataset.path;
      const query = new URLSearchParams();
      for (const input of form.querySelectorAll("[data-in]")) {
        const value = input.value.trim();
        if (input.dataset.in === "path") path = path.replace("{" + input.name + "}", encodeURIComponent(value));
        else if (value !== "") query.set(input.name, value);
      }
      const headers = {};
      if (token.value.trim()) headers.Authorization = "Bearer " + token.value.trim();
      const body = form.querySelector("textarea[name=body]");
      const init = { method: form.dataset.method.toUpperCase(), headers };
      if (body && body.value.trim() !== "") {
        headers["Content-Type"] = "application/json";
        init.body = body.value;
      }
      out.textContent = "…";
      try {
        const res = await fetch(path + (query.size ? "?" + query : ""), init);
        const text = await res.text();
        let shown = text;
        try {
          const json = JSON.parse(text);
          shown = JSON.stringify(json, null, 2);
          if (json && typeof json.accessToken === "string") {
            token.value = json.accessToken;
            localStorage.setItem("orrery.token", json.accessToken);
          }
        } catch {}
        out.textContent = res.status + " " + res.statusText + "  (X-Request-Id: " + res.headers.get("X-Request-Id") + ")\\n\\n" + shown;
      } catch (e) {
        out.textContent = String(e);
      }
    });
  }
})();
`;
