CREATE TABLE `game_log_chunks` (
	`game_id` text NOT NULL,
	`idx` integer NOT NULL,
	`data` text NOT NULL,
	PRIMARY KEY(`game_id`, `idx`),
	FOREIGN KEY (`game_id`) REFERENCES `game_records`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `game_records` ADD `log_bytes` integer DEFAULT 0 NOT NULL;
--> statement-breakpoint
CREATE INDEX `game_records_importer` ON `game_records` (`imported_by`) WHERE imported = 1;
--> statement-breakpoint
CREATE INDEX `game_records_import_age` ON `game_records` (`recorded_at`) WHERE imported = 1;
