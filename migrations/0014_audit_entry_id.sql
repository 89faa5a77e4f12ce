-- An audit entry's own id, for writers that deliver from an outbox and may repeat a delivery after a
-- crash (the text world's GM audit): the unique index turns the repeat into a no-op. Null elsewhere.
ALTER TABLE `audit_log` ADD `entry_id` text;--> statement-breakpoint
CREATE UNIQUE INDEX `audit_log_entry` ON `audit_log` (`entry_id`);