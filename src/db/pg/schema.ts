/**
 * The PostgreSQL schema: the same tables and columns as src/db/sqlite/schema.ts (test/db/schemaParity.test.ts
 * holds them together), in PostgreSQL's own types: timestamptz, boolean, jsonb, identity ids. Discord ids
 * (snowflakes) stay text, as on SQLite, so the services see the same records on both.
 */
import { sql } from 'drizzle-orm';
import { STAGE_CHANGE_CAUSES, type Effect, type Milestone } from '../../domain/coach.js';
import { SEVERITIES } from '../../domain/severity.js';
import type { StoredItem } from '../../services/store/sessions.js';
import { STAGE_IDS } from '../../domain/stages.js';
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const createdAt = () => instant('created_at').notNull();
const id = () => integer('id').primaryKey().generatedByDefaultAsIdentity();

/** One row per Discord user who has used the bot. */
export const owners = pgTable(
  'owners',
  {
    id: text('id').primaryKey(),
    timezone: text('timezone'),
    checkInTime: text('check_in_time'),
    /** Next due check-in in UTC; null when check-ins are off. Indexed: the scheduler's only query. */
    nextCheckInAt: instant('next_check_in_at'),
    paused: boolean('paused').notNull().default(false),
    /** Null with paused = until resumed. */
    pausedUntil: instant('paused_until'),
    pausedReason: text('paused_reason', { enum: ['owner', 'silence'] }),
    dmChannelId: text('dm_channel_id'),
    dmsReachable: boolean('dms_reachable').notNull().default(true),
    /** Set when a DM bounced; cleared once the owner has been told. */
    dmsNoticePending: boolean('dms_notice_pending').notNull().default(false),
    autoShare: boolean('auto_share').notNull().default(false),
    /** Last session logged or day skipped; quiet days count from here. */
    lastActivityAt: instant('last_activity_at'),
    createdAt: createdAt(),
  },
  (t) => [index('owners_next_check_in_idx').on(t.nextCheckInAt)],
);

export const cats = pgTable(
  'cats',
  {
    id: id(),
    ownerId: text('owner_id')
      .notNull()
      .references(() => owners.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** Lower-cased, for "unique per owner ignoring case". */
    nameKey: text('name_key').notNull(),
    stage: text('stage', { enum: STAGE_IDS }).notNull(),
    stageSince: instant('stage_since').notNull(),
    /** Good sessions at this stage, counted on distinct local days. */
    goodDays: integer('good_days').notNull().default(0),
    lastGoodDate: text('last_good_date'),
    /** Consecutive sessions with a moderate signal (two in a row step back). */
    moderateRun: integer('moderate_run').notNull().default(0),
    stepBacks: integer('step_backs').notNull().default(0),
    offerPending: boolean('offer_pending').notNull().default(false),
    /** "Stay a little longer": offer again once goodDays reaches this. */
    offerAgainAt: integer('offer_again_at'),
    /** Milestone keys reached. */
    milestones: jsonb('milestones')
      .$type<Milestone[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    lastSessionAt: instant('last_session_at'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('cats_owner_name_key_uq').on(t.ownerId, t.nameKey)],
);

export const sessions = pgTable(
  'sessions',
  {
    id: id(),
    catId: integer('cat_id')
      .notNull()
      .references(() => cats.id, { onDelete: 'cascade' }),
    at: instant('at').notNull(),
    localDate: text('local_date').notNull(),
    minutes: integer('minutes'),
    rawText: text('raw_text').notNull(),
    /** What the parser recognised: [{ id, label, severity, expected, text }]. */
    recognised: jsonb('recognised').$type<readonly StoredItem[]>().notNull(),
    note: text('note'),
    stage: text('stage', { enum: STAGE_IDS }).notNull(),
    worst: text('worst', { enum: SEVERITIES }),
    outcome: text('outcome', { enum: ['good', 'neutral', 'stop', 'step_back', 'pain'] }).notNull(),
    /** The Discord user who logged it: the cat's owner or a co-owner (null: the owner, before households). */
    loggedBy: text('logged_by'),
  },
  (t) => [index('sessions_cat_at_idx').on(t.catId, t.at), index('sessions_logged_by_idx').on(t.loggedBy)],
);

export const stageChanges = pgTable(
  'stage_changes',
  {
    id: id(),
    catId: integer('cat_id')
      .notNull()
      .references(() => cats.id, { onDelete: 'cascade' }),
    at: instant('at').notNull(),
    fromStage: text('from_stage', { enum: STAGE_IDS }),
    toStage: text('to_stage', { enum: STAGE_IDS }).notNull(),
    reason: text('reason', { enum: STAGE_CHANGE_CAUSES }).notNull(),
  },
  (t) => [index('stage_changes_cat_at_idx').on(t.catId, t.at)],
);

/**
 * Households: the people a cat's owner shared the cat with (co-owners: they log for it, see its progress,
 * get it in their check-ins). A removed co-owner's row stays with `removed_at` set, so their /log can be told
 * the cat is no longer shared instead of "unknown cat"; sharing again clears it. `user_id` has no foreign
 * key: the person may never have used the bot yet.
 */
export const catCoOwners = pgTable(
  'cat_co_owners',
  {
    catId: integer('cat_id')
      .notNull()
      .references(() => cats.id, { onDelete: 'cascade' }),
    userId: text('user_id').notNull(),
    sharedAt: instant('shared_at').notNull(),
    /** Null while they are a co-owner. */
    removedAt: instant('removed_at'),
    /** The "shared with you" DM did not arrive: tell them with their next command. */
    noticePending: boolean('notice_pending').notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.catId, t.userId] }), index('cat_co_owners_user_idx').on(t.userId)],
);

/** Pauses of check-ins; days inside one freeze the streak instead of breaking it. */
export const pauses = pgTable(
  'pauses',
  {
    id: id(),
    ownerId: text('owner_id')
      .notNull()
      .references(() => owners.id, { onDelete: 'cascade' }),
    startedAt: instant('started_at').notNull(),
    /** Null while the pause goes on. */
    endedAt: instant('ended_at'),
  },
  (t) => [index('pauses_owner_idx').on(t.ownerId)],
);

/** Days an owner said "skipped today": activity, not practice. */
export const skips = pgTable(
  'skips',
  {
    ownerId: text('owner_id')
      .notNull()
      .references(() => owners.id, { onDelete: 'cascade' }),
    localDate: text('local_date').notNull(),
    at: instant('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.ownerId, t.localDate] })],
);

/** One claim per owner and local date, taken before the DM is sent: the exactly-once key. */
export const checkInSends = pgTable(
  'check_in_sends',
  {
    ownerId: text('owner_id')
      .notNull()
      .references(() => owners.id, { onDelete: 'cascade' }),
    localDate: text('local_date').notNull(),
    kind: text('kind', { enum: ['checkin', 'nudge', 'auto_pause', 'confirm'] }).notNull(),
    claimedAt: instant('claimed_at').notNull(),
    status: text('status', { enum: ['claimed', 'sent', 'failed', 'skipped'] }).notNull(),
    sentAt: instant('sent_at'),
    messageId: text('message_id'),
    error: text('error'),
    /** While 'claimed': the sender's lease, renewed by its heartbeat; once it runs out, anyone may re-send. */
    leaseUntil: instant('lease_until'),
    /** While 'claimed': the token of the run that sends it (the fence: only its holder records a result). */
    claimToken: text('claim_token'),
  },
  (t) => [
    primaryKey({ columns: [t.ownerId, t.localDate] }),
    // The heartbeat renews a run's open claims by token every few seconds: only open claims carry one.
    index('check_in_sends_claim_token_idx')
      .on(t.claimToken)
      .where(sql`${t.claimToken} IS NOT NULL`),
  ],
);

export const guildSettings = pgTable('guild_settings', {
  guildId: text('guild_id').primaryKey(),
  winsChannelId: text('wins_channel_id'),
  updatedAt: instant('updated_at').notNull(),
  updatedBy: text('updated_by'),
});

/** Servers where an owner has used the bot, for opt-in automatic milestone posts. */
export const ownerGuilds = pgTable(
  'owner_guilds',
  {
    ownerId: text('owner_id')
      .notNull()
      .references(() => owners.id, { onDelete: 'cascade' }),
    guildId: text('guild_id').notNull(),
    lastSeenAt: instant('last_seen_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.ownerId, t.guildId] }), index('owner_guilds_guild_idx').on(t.guildId)],
);

/** Wins posted to a server: shared by hand, or milestones posted automatically (once each). */
export const sharedWins = pgTable(
  'shared_wins',
  {
    id: id(),
    guildId: text('guild_id').notNull(),
    ownerId: text('owner_id')
      .notNull()
      .references(() => owners.id, { onDelete: 'cascade' }),
    catId: integer('cat_id').references(() => cats.id, { onDelete: 'set null' }),
    catName: text('cat_name'),
    kind: text('kind', { enum: ['win', 'milestone'] }).notNull(),
    /** For kind = milestone: the milestone key, unique per server and cat. */
    milestone: text('milestone'),
    message: text('message').notNull(),
    hasPhoto: boolean('has_photo').notNull().default(false),
    channelId: text('channel_id'),
    messageId: text('message_id'),
    /** An automatic post that Discord refused for good (no access, channel gone): never tried again. */
    postFailed: boolean('post_failed').notNull().default(false),
    at: instant('at').notNull(),
  },
  (t) => [
    index('shared_wins_guild_at_idx').on(t.guildId, t.at),
    uniqueIndex('shared_wins_milestone_uq').on(t.guildId, t.catId, t.milestone),
  ],
);

/** One weekly digest per server and ISO week, claimed before sending. */
export const digestSends = pgTable(
  'digest_sends',
  {
    guildId: text('guild_id').notNull(),
    weekKey: text('week_key').notNull(),
    claimedAt: instant('claimed_at').notNull(),
    status: text('status', { enum: ['claimed', 'sent', 'failed', 'empty'] }).notNull(),
    messageId: text('message_id'),
  },
  (t) => [primaryKey({ columns: [t.guildId, t.weekKey] })],
);

/**
 * The coach's effects that reach beyond the owner's reply (stage-up and milestone posts), written in the
 * same transaction as the session or decision that caused them and delivered by the outbox worker.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: id(),
    kind: text('kind', { enum: ['announce'] }).notNull(),
    ownerId: text('owner_id')
      .notNull()
      .references(() => owners.id, { onDelete: 'cascade' }),
    catId: integer('cat_id').references(() => cats.id, { onDelete: 'cascade' }),
    /** The effects to act on, as the coach returned them. */
    effects: jsonb('effects').$type<readonly Effect[]>().notNull(),
    createdAt: createdAt(),
    status: text('status', { enum: ['pending', 'done', 'failed'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    /** Who holds the item while delivering it (the fence), and until when unless renewed (the lease). */
    claimToken: text('claim_token'),
    leaseUntil: instant('lease_until'),
    doneAt: instant('done_at'),
    error: text('error'),
  },
  (t) => [index('outbox_pending_idx').on(t.status, t.leaseUntil)],
);

/**
 * Short-session timers (/session start): one per owner, fired once when due by whichever process claims it
 * (a token and a lease, as the outbox), then kept as the owner's last timer until the next one replaces it.
 */
export const sessionTimers = pgTable(
  'session_timers',
  {
    id: id(),
    ownerId: text('owner_id')
      .notNull()
      .references(() => owners.id, { onDelete: 'cascade' }),
    catId: integer('cat_id')
      .notNull()
      .references(() => cats.id, { onDelete: 'cascade' }),
    minutes: integer('minutes').notNull(),
    startedAt: instant('started_at').notNull(),
    endsAt: instant('ends_at').notNull(),
    /** How to follow up on the interaction that started it (opaque to all but src/discord), until follow_up_until. */
    replyHandle: text('reply_handle'),
    followUpUntil: instant('follow_up_until'),
    status: text('status', { enum: ['running', 'done', 'failed', 'dms_closed'] })
      .notNull()
      .default('running'),
    attempts: integer('attempts').notNull().default(0),
    /** Who holds the timer while firing it (the fence), and until when unless renewed (the lease). */
    claimToken: text('claim_token'),
    leaseUntil: instant('lease_until'),
    deliveredVia: text('delivered_via', { enum: ['follow_up', 'dm'] }),
    doneAt: instant('done_at'),
    error: text('error'),
  },
  (t) => [
    uniqueIndex('session_timers_owner_uq').on(t.ownerId),
    index('session_timers_due_idx').on(t.status, t.endsAt),
  ],
);
