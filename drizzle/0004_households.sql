CREATE TABLE `cat_co_owners` (
	`cat_id` integer NOT NULL,
	`user_id` text NOT NULL,
	`shared_at` integer NOT NULL,
	`removed_at` integer,
	`notice_pending` integer DEFAULT false NOT NULL,
	PRIMARY KEY(`cat_id`, `user_id`),
	FOREIGN KEY (`cat_id`) REFERENCES `cats`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `cat_co_owners_user_idx` ON `cat_co_owners` (`user_id`);--> statement-breakpoint
ALTER TABLE `sessions` ADD `logged_by` text;--> statement-breakpoint
-- Sessions stored before households were all logged by their cat's owner.
UPDATE `sessions` SET `logged_by` = (SELECT `owner_id` FROM `cats` WHERE `cats`.`id` = `sessions`.`cat_id`);--> statement-breakpoint
CREATE INDEX `sessions_logged_by_idx` ON `sessions` (`logged_by`);