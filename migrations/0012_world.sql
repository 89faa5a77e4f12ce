CREATE TABLE `world_characters` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`name` text NOT NULL,
	`name_key` text NOT NULL,
	`stats` text NOT NULL,
	`area` text NOT NULL,
	`loc_version` integer DEFAULT 0 NOT NULL,
	`level` integer DEFAULT 1 NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `world_characters_name_key` ON `world_characters` (`name_key`);
--> statement-breakpoint
CREATE INDEX `world_characters_account` ON `world_characters` (`account_id`, `created_at`);
--> statement-breakpoint
CREATE TABLE `world_presence` (
	`account_id` text PRIMARY KEY NOT NULL,
	`character_id` text NOT NULL,
	`area` text NOT NULL,
	`since` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `world_presence_character` ON `world_presence` (`character_id`);
--> statement-breakpoint
CREATE TABLE `world_roles` (
	`account_id` text PRIMARY KEY NOT NULL,
	`role` text NOT NULL
);
