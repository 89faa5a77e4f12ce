import { type Config, MisconfiguredError } from "../config";
import { cloudflareSender } from "./cloudflare";
import { devSender } from "./dev";
import { httpSender } from "./http";

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Where mail goes. `send` resolves once the message is accepted (stored, handed to the binding, or to the provider). */
export interface MailSender {
  readonly kind: "dev" | "cloudflare" | "http";
  send(message: MailMessage): Promise<void>;
}

/** The configured sender kind; development alone falls back to `dev`. */
export function mailSenderKind(config: Config): MailSender["kind"] | undefined {
  return config.MAIL_SENDER ?? (config.ENVIRONMENT === "development" ? "dev" : undefined);
}

export function mailSender(env: Env, config: Config): MailSender {
  switch (mailSenderKind(config)) {
    case "dev":
      return devSender(env);
    case "cloudflare":
      return cloudflareSender(env, config.MAIL_FROM);
    case "http":
      if (!config.MAIL_HTTP_URL) throw new MisconfiguredError("MAIL_SENDER=http needs MAIL_HTTP_URL");
      return httpSender(config.MAIL_HTTP_URL, config.MAIL_HTTP_TOKEN, config.MAIL_FROM);
    default:
      throw new MisconfiguredError("MAIL_SENDER is not set; production never falls back to the dev mail sender");
  }
}
