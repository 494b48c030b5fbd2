ALTER TABLE `check_in_sends` ADD `lease_until` integer;--> statement-breakpoint
ALTER TABLE `check_in_sends` ADD `claim_token` text;