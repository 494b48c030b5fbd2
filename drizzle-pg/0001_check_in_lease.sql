ALTER TABLE "check_in_sends" ADD COLUMN "lease_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "check_in_sends" ADD COLUMN "claim_token" text;