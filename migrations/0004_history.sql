CREATE TABLE `game_players` (
	`game_id` text NOT NULL,
	`user_id` text NOT NULL,
	`seat` integer,
	`ended_at` integer NOT NULL,
	PRIMARY KEY(`game_id`, `user_id`),
	FOREIGN KEY (`game_id`) REFERENCES `game_records`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `game_players_user_ended` ON `game_players` (`user_id`,`ended_at`,`game_id`);--> statement-breakpoint
CREATE TABLE `game_records` (
	`id` text PRIMARY KEY NOT NULL,
	`game` text NOT NULL,
	`options` text NOT NULL,
	`ranked` integer NOT NULL,
	`status` text NOT NULL,
	`imported` integer DEFAULT false NOT NULL,
	`imported_from` text,
	`imported_by` text,
	`seed` integer NOT NULL,
	`seats` text NOT NULL,
	`result` text,
	`winner_seat` integer,
	`winner_user_id` text,
	`holes_won` text,
	`started_at` integer NOT NULL,
	`ended_at` integer NOT NULL,
	`duration_ms` integer NOT NULL,
	`action_count` integer NOT NULL,
	`log` text NOT NULL,
	`replay_error` text,
	`counted` integer DEFAULT false NOT NULL,
	`record_token` text NOT NULL,
	`recorded_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `game_records_game_ended` ON `game_records` (`game`,`ended_at`);--> statement-breakpoint
CREATE TABLE `player_achievements` (
	`user_id` text NOT NULL,
	`game` text NOT NULL,
	`achievement` text NOT NULL,
	`game_id` text NOT NULL,
	`unlocked_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `game`, `achievement`)
);
--> statement-breakpoint
CREATE TABLE `player_stats` (
	`user_id` text NOT NULL,
	`game` text NOT NULL,
	`version` integer DEFAULT 0 NOT NULL,
	`games_played` integer DEFAULT 0 NOT NULL,
	`games_won` integer DEFAULT 0 NOT NULL,
	`human_games_played` integer DEFAULT 0 NOT NULL,
	`human_games_won` integer DEFAULT 0 NOT NULL,
	`rounds_played` integer DEFAULT 0 NOT NULL,
	`rounds_won` integer DEFAULT 0 NOT NULL,
	`total_points` integer DEFAULT 0 NOT NULL,
	`best_round` integer,
	`worst_round` integer,
	`best_game` integer,
	`knockouts` integer DEFAULT 0 NOT NULL,
	`perfect_rounds` integer DEFAULT 0 NOT NULL,
	`negative_rounds` integer DEFAULT 0 NOT NULL,
	`wolfpacks` integer DEFAULT 0 NOT NULL,
	`current_streak` integer DEFAULT 0 NOT NULL,
	`best_streak` integer DEFAULT 0 NOT NULL,
	`first_game_at` integer,
	`last_game_at` integer,
	`rating` real NOT NULL,
	`rating_deviation` real NOT NULL,
	`volatility` real NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `game`)
);
--> statement-breakpoint
CREATE INDEX `player_stats_game_rating` ON `player_stats` (`game`,`rating`);--> statement-breakpoint
CREATE TABLE `replay_shares` (
	`code` text PRIMARY KEY NOT NULL,
	`game_id` text NOT NULL,
	`created_by` text NOT NULL,
	`title` text,
	`description` text,
	`views` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer,
	FOREIGN KEY (`game_id`) REFERENCES `game_records`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `replay_shares_creator` ON `replay_shares` (`created_by`,`created_at`);--> statement-breakpoint
CREATE INDEX `replay_shares_expiry` ON `replay_shares` (`expires_at`) WHERE expires_at IS NOT NULL;