CREATE TABLE `cats` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`owner_id` text NOT NULL,
	`name` text NOT NULL,
	`name_key` text NOT NULL,
	`stage` text NOT NULL,
	`stage_since` integer NOT NULL,
	`good_days` integer DEFAULT 0 NOT NULL,
	`last_good_date` text,
	`moderate_run` integer DEFAULT 0 NOT NULL,
	`step_backs` integer DEFAULT 0 NOT NULL,
	`offer_pending` integer DEFAULT false NOT NULL,
	`offer_again_at` integer,
	`milestones` text DEFAULT '[]' NOT NULL,
	`last_session_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`owner_id`) REFERENCES `owners`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cats_owner_name_key_uq` ON `cats` (`owner_id`,`name_key`);--> statement-breakpoint
CREATE TABLE `check_in_sends` (
	`owner_id` text NOT NULL,
	`local_date` text NOT NULL,
	`kind` text NOT NULL,
	`claimed_at` integer NOT NULL,
	`status` text NOT NULL,
	`sent_at` integer,
	`message_id` text,
	`error` text,
	PRIMARY KEY(`owner_id`, `local_date`),
	FOREIGN KEY (`owner_id`) REFERENCES `owners`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `digest_sends` (
	`guild_id` text NOT NULL,
	`week_key` text NOT NULL,
	`claimed_at` integer NOT NULL,
	`status` text NOT NULL,
	`message_id` text,
	PRIMARY KEY(`guild_id`, `week_key`)
);
--> statement-breakpoint
CREATE TABLE `guild_settings` (
	`guild_id` text PRIMARY KEY NOT NULL,
	`wins_channel_id` text,
	`updated_at` integer NOT NULL,
	`updated_by` text
);
--> statement-breakpoint
CREATE TABLE `owner_guilds` (
	`owner_id` text NOT NULL,
	`guild_id` text NOT NULL,
	`last_seen_at` integer NOT NULL,
	PRIMARY KEY(`owner_id`, `guild_id`),
	FOREIGN KEY (`owner_id`) REFERENCES `owners`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `owner_guilds_guild_idx` ON `owner_guilds` (`guild_id`);--> statement-breakpoint
CREATE TABLE `owners` (
	`id` text PRIMARY KEY NOT NULL,
	`timezone` text,
	`check_in_time` text,
	`next_check_in_at` integer,
	`paused` integer DEFAULT false NOT NULL,
	`paused_until` integer,
	`paused_reason` text,
	`dm_channel_id` text,
	`dms_reachable` integer DEFAULT true NOT NULL,
	`dms_notice_pending` integer DEFAULT false NOT NULL,
	`auto_share` integer DEFAULT false NOT NULL,
	`last_activity_at` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `owners_next_check_in_idx` ON `owners` (`next_check_in_at`);--> statement-breakpoint
CREATE TABLE `pauses` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`owner_id` text NOT NULL,
	`started_at` integer NOT NULL,
	`ended_at` integer,
	FOREIGN KEY (`owner_id`) REFERENCES `owners`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `pauses_owner_idx` ON `pauses` (`owner_id`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`cat_id` integer NOT NULL,
	`at` integer NOT NULL,
	`local_date` text NOT NULL,
	`minutes` integer,
	`raw_text` text NOT NULL,
	`recognised` text NOT NULL,
	`note` text,
	`stage` text NOT NULL,
	`worst` text,
	`outcome` text NOT NULL,
	FOREIGN KEY (`cat_id`) REFERENCES `cats`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sessions_cat_at_idx` ON `sessions` (`cat_id`,`at`);--> statement-breakpoint
CREATE TABLE `shared_wins` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`guild_id` text NOT NULL,
	`owner_id` text NOT NULL,
	`cat_id` integer,
	`cat_name` text,
	`kind` text NOT NULL,
	`milestone` text,
	`message` text NOT NULL,
	`has_photo` integer DEFAULT false NOT NULL,
	`channel_id` text,
	`message_id` text,
	`at` integer NOT NULL,
	FOREIGN KEY (`owner_id`) REFERENCES `owners`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`cat_id`) REFERENCES `cats`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `shared_wins_guild_at_idx` ON `shared_wins` (`guild_id`,`at`);--> statement-breakpoint
CREATE UNIQUE INDEX `shared_wins_milestone_uq` ON `shared_wins` (`guild_id`,`cat_id`,`milestone`);--> statement-breakpoint
CREATE TABLE `skips` (
	`owner_id` text NOT NULL,
	`local_date` text NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`owner_id`, `local_date`),
	FOREIGN KEY (`owner_id`) REFERENCES `owners`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `stage_changes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`cat_id` integer NOT NULL,
	`at` integer NOT NULL,
	`from_stage` text,
	`to_stage` text NOT NULL,
	`reason` text NOT NULL,
	FOREIGN KEY (`cat_id`) REFERENCES `cats`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `stage_changes_cat_at_idx` ON `stage_changes` (`cat_id`,`at`);