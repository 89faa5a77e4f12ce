CREATE TABLE `room_members` (
	`room_id` text NOT NULL,
	`user_id` text NOT NULL,
	`joined_at` integer NOT NULL,
	PRIMARY KEY(`room_id`, `user_id`),
	FOREIGN KEY (`room_id`) REFERENCES `rooms`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `room_members_user` ON `room_members` (`user_id`);--> statement-breakpoint
CREATE TABLE `rooms` (
	`id` text PRIMARY KEY NOT NULL,
	`code` text NOT NULL,
	`game` text NOT NULL,
	`visibility` text NOT NULL,
	`status` text NOT NULL,
	`host_user_id` text,
	`seats_taken` integer DEFAULT 0 NOT NULL,
	`seats_max` integer NOT NULL,
	`spectators` integer DEFAULT 0 NOT NULL,
	`options_summary` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`started_at` integer,
	`ended_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `rooms_live_code` ON `rooms` (`code`) WHERE status IN ('waiting', 'playing');--> statement-breakpoint
CREATE INDEX `rooms_lobby` ON `rooms` (`game`,`visibility`,`status`,`created_at`);--> statement-breakpoint
CREATE TABLE `planet_slots` (
	`universe_id` text NOT NULL,
	`galaxy` integer NOT NULL,
	`system` integer NOT NULL,
	`position` integer NOT NULL,
	`planet_id` text NOT NULL,
	`owner_id` text NOT NULL,
	`planet_name` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`universe_id`, `galaxy`, `system`, `position`),
	FOREIGN KEY (`universe_id`) REFERENCES `universes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `planet_slots_owner` ON `planet_slots` (`universe_id`,`owner_id`);--> statement-breakpoint
CREATE TABLE `universe_players` (
	`universe_id` text NOT NULL,
	`user_id` text NOT NULL,
	`username` text NOT NULL,
	`shard` integer NOT NULL,
	`points` integer DEFAULT 0 NOT NULL,
	`joined_at` integer NOT NULL,
	`points_updated_at` integer NOT NULL,
	PRIMARY KEY(`universe_id`, `user_id`),
	FOREIGN KEY (`universe_id`) REFERENCES `universes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `universe_players_points` ON `universe_players` (`universe_id`,`points`);--> statement-breakpoint
CREATE TABLE `universes` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`settings` text NOT NULL,
	`is_default` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL
);
