import type { MailMessage } from "./sender";

/** Every template renders both bodies from the same lines, so the text and HTML versions never drift apart. */
interface Template {
  subject: string;
  lines: string[];
  link?: { label: string; url: string };
  token?: string;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

function render(to: string, t: Template): MailMessage {
  const text = [
    ...t.lines,
    ...(t.link ? ["", `${t.link.label}: ${t.link.url}`] : []),
    ...(t.token ? ["", `Token: ${t.token}`] : []),
    "",
    "— orrery",
  ].join("\n");
  const html = [
    "<!doctype html><html><body>",
    ...t.lines.map((l) => `<p>${escapeHtml(l)}</p>`),
    t.link ? `<p><a href="${escapeHtml(t.link.url)}">${escapeHtml(t.link.label)}</a></p>` : "",
    t.token ? `<p>Token: <code>${escapeHtml(t.token)}</code></p>` : "",
    "<p>— orrery</p></body></html>",
  ].join("");
  return { to, subject: t.subject, text, html };
}

export function verifyEmailMail(to: string, username: string, url: string, hours: number): MailMessage {
  return render(to, {
    subject: "Confirm your email for orrery",
    lines: [`Hello ${username},`, `Confirm that this address belongs to your orrery account. The link works once, for ${hours} hours.`],
    link: { label: "Confirm email", url },
  });
}

export function resetPasswordMail(to: string, username: string, url: string, token: string, minutes: number): MailMessage {
  return render(to, {
    subject: "Reset your orrery password",
    lines: [
      `Hello ${username},`,
      `Someone asked to reset the password of your orrery account. The link works once, for ${minutes} minutes, and signs out every session.`,
      "If it was not you, ignore this message: your password stays as it is.",
    ],
    link: { label: "Choose a new password", url },
    token,
  });
}

/** Sent for a reset asked for an address no account uses: the answer to the request stays the same either way. */
export function noAccountMail(to: string): MailMessage {
  return render(to, {
    subject: "Reset your orrery password",
    lines: [
      "Someone asked to reset the password of an orrery account with this address, but no account uses it.",
      "If it was not you, ignore this message.",
    ],
  });
}

export function emailChangedMail(to: string, username: string, newEmail: string): MailMessage {
  return render(to, {
    subject: "Your orrery email was changed",
    lines: [`Hello ${username},`, `The email of your orrery account was changed to ${newEmail}. If it was not you, reset your password.`],
  });
}

export function accountDeletedMail(to: string, username: string, freesAt: number): MailMessage {
  return render(to, {
    subject: "Your orrery account was deleted",
    lines: [
      `Hello ${username},`,
      `Your orrery account was deleted. The name ${username} stays reserved until ${new Date(freesAt).toISOString()}.`,
    ],
  });
}
