-- One membership per player per universe, taken before any slot: a join inserts its row as
-- 'joining' with the homeworld's planet id, and flips it to 'joined' once the empire exists.
ALTER TABLE `universe_players` ADD `status` text DEFAULT 'joining' NOT NULL;--> statement-breakpoint
ALTER TABLE `universe_players` ADD `homeworld_planet_id` text;--> statement-breakpoint
-- Score pushes carry the shard's per-player version; an older one never overwrites a newer one.
ALTER TABLE `universe_players` ADD `points_version` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Rows from before this migration were written after their join completed.
UPDATE `universe_players` SET `status` = 'joined', `homeworld_planet_id` = (
	SELECT `planet_id` FROM `planet_slots` AS s
	WHERE s.`universe_id` = `universe_players`.`universe_id` AND s.`owner_id` = `universe_players`.`user_id`
	ORDER BY s.`created_at` LIMIT 1
);--> statement-breakpoint
-- A planet holds one slot, so racing joins of one player cannot place its homeworld twice.
CREATE UNIQUE INDEX `planet_slots_planet` ON `planet_slots` (`universe_id`,`planet_id`);
