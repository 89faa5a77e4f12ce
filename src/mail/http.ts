import type { MailMessage, MailSender } from "./sender";

/**
 * Posts `{from, to, subject, text, html}` as JSON with a bearer token: the shape Resend, Postmark's
 * and most providers' "send" endpoints take directly or behind a one-line adapter.
 */
export function httpSender(url: string, token: string | undefined, from: string): MailSender {
  return {
    kind: "http",
    async send(m: MailMessage) {
      const res = await fetch(url, {
        method: "POST",
        headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ from, to: m.to, subject: m.subject, text: m.text, html: m.html }),
      });
      if (!res.ok) throw new Error(`mail provider answered ${res.status}`);
    },
  };
}
