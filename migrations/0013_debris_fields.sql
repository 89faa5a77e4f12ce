-- The galaxy view's copy of the debris fields. Each UniverseSystem object owns its fields and
-- writes this projection after every change; `version` only grows, so a delayed write never
-- overwrites a newer one. An emptied field keeps its row (all zeros) to keep its version.
CREATE TABLE `debris_fields` (
	`universe_id` text NOT NULL,
	`galaxy` integer NOT NULL,
	`system` integer NOT NULL,
	`position` integer NOT NULL,
	`metal` integer NOT NULL,
	`crystal` integer NOT NULL,
	`deuterium` integer NOT NULL,
	`version` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`universe_id`, `galaxy`, `system`, `position`),
	FOREIGN KEY (`universe_id`) REFERENCES `universes`(`id`) ON UPDATE no action ON DELETE cascade
);
