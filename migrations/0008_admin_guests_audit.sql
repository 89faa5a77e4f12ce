ALTER TABLE `users` ADD `is_guest` integer DEFAULT false NOT NULL;
--> statement-breakpoint
ALTER TABLE `users` ADD `ban_expires_at` integer;
--> statement-breakpoint
ALTER TABLE `users` ADD `muted_until` integer;
--> statement-breakpoint
CREATE INDEX `users_guest_created` ON `users` (`created_at`) WHERE is_guest = 1;
--> statement-breakpoint
ALTER TABLE `universes` ADD `paused_at` integer;
--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`actor_id` text,
	`action` text NOT NULL,
	`target_type` text,
	`target_id` text,
	`reason` text,
	`request_id` text,
	`details` text
);
--> statement-breakpoint
CREATE INDEX `audit_log_action` ON `audit_log` (`action`, `id`);
--> statement-breakpoint
CREATE INDEX `audit_log_actor` ON `audit_log` (`actor_id`, `id`);
--> statement-breakpoint
CREATE INDEX `audit_log_target` ON `audit_log` (`target_id`, `id`);
--> statement-breakpoint
CREATE TRIGGER `audit_log_no_update` BEFORE UPDATE ON `audit_log` BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `audit_log_no_delete` BEFORE DELETE ON `audit_log` BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
