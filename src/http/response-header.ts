import type { Context } from "hono";

/**
 * Writes a header into the response after the handler. Hono's `c.header` first copies the whole
 * response, whose body then becomes a stream, on every call; a response made in this Worker
 * takes the header as it is. Only one passed through from an object (a socket's 101, an area's
 * refusal), whose headers are immutable, falls back to that copy.
 */
export function setResponseHeader(c: Context, name: string, value: string, options?: { append: boolean }): void {
  const headers = c.res.headers;
  try {
    if (options?.append) headers.append(name, value);
    else headers.set(name, value);
  } catch (e) {
    if (!(e instanceof TypeError)) throw e;
    c.header(name, value, options);
  }
}
