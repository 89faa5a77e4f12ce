-- Shared battle reports: the copy a player shares, readable by anyone with its key.
CREATE TABLE `battle_reports` (
	`key` text PRIMARY KEY NOT NULL,
	`universe_id` text NOT NULL,
	`report_id` text NOT NULL,
	`shared_by` text NOT NULL,
	`report` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`universe_id`) REFERENCES `universes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `battle_reports_sharer` ON `battle_reports` (`universe_id`,`shared_by`,`report_id`);--> statement-breakpoint
-- Buddy lists per universe: one row per pair, pending until the addressee accepts.
CREATE TABLE `universe_buddies` (
	`universe_id` text NOT NULL,
	`requester_id` text NOT NULL,
	`addressee_id` text NOT NULL,
	`status` text NOT NULL,
	`created_at` integer NOT NULL,
	`accepted_at` integer,
	PRIMARY KEY(`universe_id`, `requester_id`, `addressee_id`),
	FOREIGN KEY (`universe_id`) REFERENCES `universes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `universe_buddies_addressee` ON `universe_buddies` (`universe_id`,`addressee_id`);
