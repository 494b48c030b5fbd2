CREATE TABLE `session_timers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`owner_id` text NOT NULL,
	`cat_id` integer NOT NULL,
	`minutes` integer NOT NULL,
	`started_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`reply_handle` text,
	`follow_up_until` integer,
	`status` text DEFAULT 'running' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`claim_token` text,
	`lease_until` integer,
	`delivered_via` text,
	`done_at` integer,
	`error` text,
	FOREIGN KEY (`owner_id`) REFERENCES `owners`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`cat_id`) REFERENCES `cats`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `session_timers_owner_uq` ON `session_timers` (`owner_id`);--> statement-breakpoint
CREATE INDEX `session_timers_due_idx` ON `session_timers` (`status`,`ends_at`);