-- The galaxy view's and the launches' copy of the moons. The shard of the moon's owner writes a
-- row after the commit that formed (or renamed) the moon and deletes it, by moon id, after the one
-- that removed it; each write is a durable intent retried until D1 has it.
CREATE TABLE `moon_slots` (
	`universe_id` text NOT NULL,
	`galaxy` integer NOT NULL,
	`system` integer NOT NULL,
	`position` integer NOT NULL,
	`moon_id` text NOT NULL,
	`owner_id` text NOT NULL,
	`moon_name` text NOT NULL,
	`diameter` integer NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`universe_id`, `galaxy`, `system`, `position`),
	FOREIGN KEY (`universe_id`) REFERENCES `universes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `moon_slots_moon` ON `moon_slots` (`universe_id`,`moon_id`);
