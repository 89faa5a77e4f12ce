-- Read models of the universe market, written by the market objects after each change; never
-- consulted to decide a trade (docs/universe-cross-shard.md §8). `version` grows with every change
-- of an offer, so a late write of an older state never overwrites a newer one.
CREATE TABLE `market_offers` (
	`id` text PRIMARY KEY NOT NULL,
	`universe_id` text NOT NULL,
	`seller_id` text NOT NULL,
	`seller_name` text NOT NULL,
	`offered_resource` text NOT NULL,
	`offered_amount` integer NOT NULL,
	`requested_resource` text NOT NULL,
	`requested_amount` integer NOT NULL,
	`status` text NOT NULL,
	`created_at` integer NOT NULL,
	`closed_at` integer,
	`version` integer NOT NULL,
	FOREIGN KEY (`universe_id`) REFERENCES `universes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `market_offers_open` ON `market_offers` (`universe_id`,`status`,`offered_resource`,`created_at`);
--> statement-breakpoint
CREATE INDEX `market_offers_seller` ON `market_offers` (`universe_id`,`seller_id`,`status`);
--> statement-breakpoint
CREATE TABLE `market_history` (
	`offer_id` text PRIMARY KEY NOT NULL,
	`universe_id` text NOT NULL,
	`seller_id` text NOT NULL,
	`buyer_id` text NOT NULL,
	`offered_resource` text NOT NULL,
	`offered_amount` integer NOT NULL,
	`requested_resource` text NOT NULL,
	`requested_amount` integer NOT NULL,
	`fee` integer NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`universe_id`) REFERENCES `universes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `market_history_at` ON `market_history` (`universe_id`,`at`);
--> statement-breakpoint
CREATE INDEX `market_history_seller` ON `market_history` (`universe_id`,`seller_id`,`at`);
--> statement-breakpoint
CREATE INDEX `market_history_buyer` ON `market_history` (`universe_id`,`buyer_id`,`at`);
