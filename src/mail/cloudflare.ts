import { EmailMessage } from "cloudflare:email";
import { MisconfiguredError } from "../config";
import type { MailMessage, MailSender } from "./sender";

interface SendEmailBinding {
  send(message: EmailMessage): Promise<void>;
}

/** The address inside `Name <address>`, or the text itself. */
function address(from: string): string {
  return from.match(/<([^>]+)>/)?.[1] ?? from.trim();
}

/** RFC 2047 encoded-word, so a subject outside ASCII survives the headers. */
function header(text: string): string {
  return /^[\x20-\x7e]*$/.test(text) ? text : `=?UTF-8?B?${btoa(String.fromCharCode(...new TextEncoder().encode(text)))}?=`;
}

function base64Lines(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return (btoa(bin).match(/.{1,76}/g) ?? []).join("\r\n");
}

/** A multipart/alternative MIME message: the binding takes raw RFC 5322 text. */
export function mime(from: string, m: MailMessage, boundary = `orrery-${crypto.randomUUID()}`): string {
  const part = (type: string, body: string) =>
    [`--${boundary}`, `Content-Type: ${type}; charset=utf-8`, "Content-Transfer-Encoding: base64", "", base64Lines(body)].join("\r\n");
  return [
    `From: ${from}`,
    `To: ${m.to}`,
    `Subject: ${header(m.subject)}`,
    `Message-ID: <${crypto.randomUUID()}@${address(from).split("@")[1] ?? "orrery.invalid"}>`,
    `Date: ${new Date().toUTCString()}`,
    "MIME-Version: 1.0",
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
    "",
    part("text/plain", m.text),
    part("text/html", m.html),
    `--${boundary}--`,
    "",
  ].join("\r\n");
}

/** Cloudflare Email Routing's `send_email` binding, bound as `SEND_EMAIL` in wrangler.toml. */
export function cloudflareSender(env: Env, from: string): MailSender {
  const binding = (env as unknown as { SEND_EMAIL?: SendEmailBinding }).SEND_EMAIL;
  if (!binding) throw new MisconfiguredError("MAIL_SENDER=cloudflare needs a send_email binding named SEND_EMAIL");
  return {
    kind: "cloudflare",
    send: (m) => binding.send(new EmailMessage(address(from), m.to, mime(from, m))),
  };
}
