import { desc, eq, lt } from "drizzle-orm";
import { db } from "../db/client";
import { devMail } from "../db/schema/index";
import type { MailMessage, MailSender } from "./sender";

/** Kept messages older than this are purged by the daily cron. */
export const DEV_MAIL_RETENTION_MS = 7 * 86_400_000;

/** Keeps every message in D1 (read back at `GET /v1/dev/mail`) and writes it to the log. */
export function devSender(env: Env): MailSender {
  return {
    kind: "dev",
    async send(m: MailMessage) {
      await db(env)
        .insert(devMail)
        .values({ id: crypto.randomUUID(), to: m.to.toLowerCase(), subject: m.subject, text: m.text, html: m.html, createdAt: Date.now() });
      console.log(JSON.stringify({ level: "info", msg: "dev mail", to: m.to, subject: m.subject, text: m.text }));
    },
  };
}

export async function devMailbox(env: Env, to: string, limit: number) {
  return db(env)
    .select()
    .from(devMail)
    .where(eq(devMail.to, to.toLowerCase()))
    .orderBy(desc(devMail.createdAt), desc(devMail.id))
    .limit(limit);
}

export async function purgeDevMail(env: Env, now = Date.now()): Promise<number> {
  const res = await db(env)
    .delete(devMail)
    .where(lt(devMail.createdAt, now - DEV_MAIL_RETENTION_MS));
  return res.meta.changes;
}
