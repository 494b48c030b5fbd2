CREATE TABLE "cat_co_owners" (
	"cat_id" integer NOT NULL,
	"user_id" text NOT NULL,
	"shared_at" timestamp with time zone NOT NULL,
	"removed_at" timestamp with time zone,
	"notice_pending" boolean DEFAULT false NOT NULL,
	CONSTRAINT "cat_co_owners_cat_id_user_id_pk" PRIMARY KEY("cat_id","user_id")
);
--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "logged_by" text;--> statement-breakpoint
-- Sessions stored before households were all logged by their cat's owner.
UPDATE "sessions" SET "logged_by" = (SELECT "owner_id" FROM "cats" WHERE "cats"."id" = "sessions"."cat_id");--> statement-breakpoint
ALTER TABLE "cat_co_owners" ADD CONSTRAINT "cat_co_owners_cat_id_cats_id_fk" FOREIGN KEY ("cat_id") REFERENCES "public"."cats"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cat_co_owners_user_idx" ON "cat_co_owners" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "sessions_logged_by_idx" ON "sessions" USING btree ("logged_by");