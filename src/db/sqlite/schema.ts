import { sql } from 'drizzle-orm';
import { STAGE_CHANGE_CAUSES, type Effect, type Milestone } from '../../domain/coach.js';
import { SEVERITIES } from '../../domain/severity.js';
import type { StoredItem } from '../../services/store/sessions.js';
import { STAGE_IDS } from '../../domain/stages.js';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

const createdAt = () => integer('created_at', { mode: 'timestamp_ms' }).notNull();

/** One row per Discord user who has used the bot. */
export const owners = sqliteTable(
  'owners',
  {
    id: text('id').primaryKey(),
    timezone: text('timezone'),
    checkInTime: text('check_in_time'),
    /** Next due check-in in UTC; null when check-ins are off. Indexed: the scheduler's only query. */
    nextCheckInAt: integer('next_check_in_at', { mode: 'timestamp_ms' }),
    paused: integer('paused', { mode: 'boolean' }).notNull().default(false),
    /** Null with paused = until resumed. */
    pausedUntil: integer('paused_until', { mode: 'timestamp_ms' }),
    pausedReason: text('paused_reason', { enum: ['owner', 'silence'] }),
    dmChannelId: text('dm_channel_id'),
    dmsReachable: integer('dms_reachable', { mode: 'boolean' }).notNull().default(true),
    /** Set when a DM bounced; cleared once the owner has been told. */
    dmsNoticePending: integer('dms_notice_pending', { mode: 'boolean' }).notNull().default(false),
    autoShare: integer('auto_share', { mode: 'boolean' }).notNull().default(false),
    /** Last session logged or day skipped; quiet days count from here. */
    lastActivityAt: integer('last_activity_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
  },
  (t) => [index('owners_next_check_in_idx').on(t.nextCheckInAt)],
);

export const cats = sqliteTable(
  'cats',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    ownerId: text('owner_id')
      .notNull()
      .references(() => owners.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** Lower-cased, for "unique per owner ignoring case". */
    nameKey: text('name_key').notNull(),
    stage: text('stage', { enum: STAGE_IDS }).notNull(),
    stageSince: integer('stage_since', { mode: 'timestamp_ms' }).notNull(),
    /** Good sessions at this stage, counted on distinct local days. */
    goodDays: integer('good_days').notNull().default(0),
    lastGoodDate: text('last_good_date'),
    /** Consecutive sessions with a moderate signal (two in a row step back). */
    moderateRun: integer('moderate_run').notNull().default(0),
    stepBacks: integer('step_backs').notNull().default(0),
    offerPending: integer('offer_pending', { mode: 'boolean' }).notNull().default(false),
    /** "Stay a little longer": offer again once goodDays reaches this. */
    offerAgainAt: integer('offer_again_at'),
    /** Milestone keys reached, as a JSON array. */
    milestones: text('milestones', { mode: 'json' })
      .$type<Milestone[]>()
      .notNull()
      .default(sql`'[]'`),
    lastSessionAt: integer('last_session_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('cats_owner_name_key_uq').on(t.ownerId, t.nameKey)],
);

export const sessions = sqliteTable(
  'sessions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    catId: integer('cat_id')
      .notNull()
      .references(() => cats.id, { onDelete: 'cascade' }),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
    localDate: text('local_date').notNull(),
    minutes: integer('minutes'),
    rawText: text('raw_text').notNull(),
    /** What the parser recognised: [{ id, label, severity, expected, text }]. */
    recognised: text('recognised', { mode: 'json' }).$type<readonly StoredItem[]>().notNull(),
    note: text('note'),
    stage: text('stage', { enum: STAGE_IDS }).notNull(),
    worst: text('worst', { enum: SEVERITIES }),
    outcome: text('outcome', { enum: ['good', 'neutral', 'stop', 'step_back', 'pain'] }).notNull(),
    /** The Discord user who logged it: the cat's owner or a co-owner (null: the owner, before households). */
    loggedBy: text('logged_by'),
  },
  (t) => [index('sessions_cat_at_idx').on(t.catId, t.at), index('sessions_logged_by_idx').on(t.loggedBy)],
);

export const stageChanges = sqliteTable(
  'stage_changes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    catId: integer('cat_id')
      .notNull()
      .references(() => cats.id, { onDelete: 'cascade' }),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
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
export const catCoOwners = sqliteTable(
  'cat_co_owners',
  {
    catId: integer('cat_id')
      .notNull()
      .references(() => cats.id, { onDelete: 'cascade' }),
    userId: text('user_id').notNull(),
    sharedAt: integer('shared_at', { mode: 'timestamp_ms' }).notNull(),
    /** Null while they are a co-owner. */
    removedAt: integer('removed_at', { mode: 'timestamp_ms' }),
    /** The "shared with you" DM did not arrive: tell them with their next command. */
    noticePending: integer('notice_pending', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.catId, t.userId] }), index('cat_co_owners_user_idx').on(t.userId)],
);

/** Pauses of check-ins; days inside one freeze the streak instead of breaking it. */
export const pauses = sqliteTable(
  'pauses',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    ownerId: text('owner_id')
      .notNull()
      .references(() => owners.id, { onDelete: 'cascade' }),
    startedAt: integer('started_at', { mode: 'timestamp_ms' }).notNull(),
    /** Null while the pause goes on. */
    endedAt: integer('ended_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('pauses_owner_idx').on(t.ownerId)],
);

/** Days an owner said "skipped today": activity, not practice. */
export const skips = sqliteTable(
  'skips',
  {
    ownerId: text('owner_id')
      .notNull()
      .references(() => owners.id, { onDelete: 'cascade' }),
    localDate: text('local_date').notNull(),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.ownerId, t.localDate] })],
);

/** One claim per owner and local date, taken before the DM is sent: the exactly-once key. */
export const checkInSends = sqliteTable(
  'check_in_sends',
  {
    ownerId: text('owner_id')
      .notNull()
      .references(() => owners.id, { onDelete: 'cascade' }),
    localDate: text('local_date').notNull(),
    kind: text('kind', { enum: ['checkin', 'nudge', 'auto_pause', 'confirm'] }).notNull(),
    claimedAt: integer('claimed_at', { mode: 'timestamp_ms' }).notNull(),
    status: text('status', { enum: ['claimed', 'sent', 'failed', 'skipped'] }).notNull(),
    sentAt: integer('sent_at', { mode: 'timestamp_ms' }),
    messageId: text('message_id'),
    error: text('error'),
    /** While 'claimed': the sender's lease, renewed by its heartbeat; once it runs out, anyone may re-send. */
    leaseUntil: integer('lease_until', { mode: 'timestamp_ms' }),
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

export const guildSettings = sqliteTable('guild_settings', {
  guildId: text('guild_id').primaryKey(),
  winsChannelId: text('wins_channel_id'),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  updatedBy: text('updated_by'),
});

/** Servers where an owner has used the bot, for opt-in automatic milestone posts. */
export const ownerGuilds = sqliteTable(
  'owner_guilds',
  {
    ownerId: text('owner_id')
      .notNull()
      .references(() => owners.id, { onDelete: 'cascade' }),
    guildId: text('guild_id').notNull(),
    lastSeenAt: integer('last_seen_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.ownerId, t.guildId] }), index('owner_guilds_guild_idx').on(t.guildId)],
);

/** Wins posted to a server: shared by hand, or milestones posted automatically (once each). */
export const sharedWins = sqliteTable(
  'shared_wins',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
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
    hasPhoto: integer('has_photo', { mode: 'boolean' }).notNull().default(false),
    channelId: text('channel_id'),
    messageId: text('message_id'),
    /** An automatic post that Discord refused for good (no access, channel gone): never tried again. */
    postFailed: integer('post_failed', { mode: 'boolean' }).notNull().default(false),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [
    index('shared_wins_guild_at_idx').on(t.guildId, t.at),
    uniqueIndex('shared_wins_milestone_uq').on(t.guildId, t.catId, t.milestone),
  ],
);

/** One weekly digest per server and ISO week, claimed before sending. */
export const digestSends = sqliteTable(
  'digest_sends',
  {
    guildId: text('guild_id').notNull(),
    weekKey: text('week_key').notNull(),
    claimedAt: integer('claimed_at', { mode: 'timestamp_ms' }).notNull(),
    status: text('status', { enum: ['claimed', 'sent', 'failed', 'empty'] }).notNull(),
    messageId: text('message_id'),
  },
  (t) => [primaryKey({ columns: [t.guildId, t.weekKey] })],
);

/**
 * The coach's effects that reach beyond the owner's reply (stage-up and milestone posts), written in the
 * same transaction as the session or decision that caused them and delivered by the outbox worker.
 */
export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind', { enum: ['announce'] }).notNull(),
    ownerId: text('owner_id')
      .notNull()
      .references(() => owners.id, { onDelete: 'cascade' }),
    catId: integer('cat_id').references(() => cats.id, { onDelete: 'cascade' }),
    /** The effects to act on, as the coach returned them. */
    effects: text('effects', { mode: 'json' }).$type<readonly Effect[]>().notNull(),
    createdAt: createdAt(),
    status: text('status', { enum: ['pending', 'done', 'failed'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    /** Who holds the item while delivering it (the fence), and until when unless renewed (the lease). */
    claimToken: text('claim_token'),
    leaseUntil: integer('lease_until', { mode: 'timestamp_ms' }),
    doneAt: integer('done_at', { mode: 'timestamp_ms' }),
    error: text('error'),
  },
  (t) => [index('outbox_pending_idx').on(t.status, t.leaseUntil)],
);

/**
 * Short-session timers (/session start): one per owner, fired once when due by whichever process claims it
 * (a token and a lease, as the outbox), then kept as the owner's last timer until the next one replaces it.
 */
export const sessionTimers = sqliteTable(
  'session_timers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    ownerId: text('owner_id')
      .notNull()
      .references(() => owners.id, { onDelete: 'cascade' }),
    catId: integer('cat_id')
      .notNull()
      .references(() => cats.id, { onDelete: 'cascade' }),
    minutes: integer('minutes').notNull(),
    startedAt: integer('started_at', { mode: 'timestamp_ms' }).notNull(),
    endsAt: integer('ends_at', { mode: 'timestamp_ms' }).notNull(),
    /** How to follow up on the interaction that started it (opaque to all but src/discord), until follow_up_until. */
    replyHandle: text('reply_handle'),
    followUpUntil: integer('follow_up_until', { mode: 'timestamp_ms' }),
    status: text('status', { enum: ['running', 'done', 'failed', 'dms_closed'] })
      .notNull()
      .default('running'),
    attempts: integer('attempts').notNull().default(0),
    /** Who holds the timer while firing it (the fence), and until when unless renewed (the lease). */
    claimToken: text('claim_token'),
    leaseUntil: integer('lease_until', { mode: 'timestamp_ms' }),
    deliveredVia: text('delivered_via', { enum: ['follow_up', 'dm'] }),
    doneAt: integer('done_at', { mode: 'timestamp_ms' }),
    error: text('error'),
  },
  (t) => [
    uniqueIndex('session_timers_owner_uq').on(t.ownerId),
    index('session_timers_due_idx').on(t.status, t.endsAt),
  ],
);
