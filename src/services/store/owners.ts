/** The owners area of the storage port: who uses the bot, their check-in settings, where they use it. */

export interface OwnerRecord {
  readonly id: string;
  readonly timezone: string | null;
  /** 'HH:MM', 24 h. */
  readonly checkInTime: string | null;
  /** Next due check-in in UTC; null when check-ins are off. */
  readonly nextCheckInAt: Date | null;
  readonly paused: boolean;
  /** Null with paused = until resumed. */
  readonly pausedUntil: Date | null;
  readonly pausedReason: 'owner' | 'silence' | null;
  readonly dmChannelId: string | null;
  readonly dmsReachable: boolean;
  /** Set when a DM bounced; cleared once the owner has been told. */
  readonly dmsNoticePending: boolean;
  readonly autoShare: boolean;
  /** Last session logged or day skipped; quiet days count from here. */
  readonly lastActivityAt: Date | null;
  readonly createdAt: Date;
}

/** The owner's columns a service may change. */
export type OwnerChanges = Partial<Omit<OwnerRecord, 'id' | 'createdAt' | 'lastActivityAt'>>;

/** A pause of check-ins; days inside one freeze the streak instead of breaking it. */
export interface PauseRecord {
  readonly id: number;
  readonly ownerId: string;
  readonly startedAt: Date;
  /** Null while the pause goes on. */
  readonly endedAt: Date | null;
}

export interface OwnersStore {
  find(ownerId: string): Promise<OwnerRecord | undefined>;
  /**
   * The owner's row, created on first use (safe when two writers create it at once). Inside a transaction
   * it also locks the row until the transaction ends (see store.ts).
   */
  ensure(ownerId: string, now: Date): Promise<OwnerRecord>;
  /** Changes the given columns; resolves to the row after the change (undefined: no such owner). */
  update(ownerId: string, changes: OwnerChanges): Promise<OwnerRecord | undefined>;
  /** Moves last_activity_at forward to `now` (never back). */
  touchActivity(ownerId: string, now: Date): Promise<void>;
  /**
   * Remembers that a known owner used the bot in a server; a repeat visit within `precisionMs` of the
   * stored time writes nothing. Unknown owners are not stored.
   */
  noteGuildUse(ownerId: string, guildId: string, now: Date, precisionMs: number): Promise<void>;
  /** Clears the "DMs are closed" notice flag; resolves to whether it was set. */
  takeDmsNotice(ownerId: string): Promise<boolean>;
  /** The owner's pauses of check-ins, oldest first. */
  listPauses(ownerId: string): Promise<PauseRecord[]>;
  /** Starts a pause at `at`. */
  startPause(ownerId: string, at: Date): Promise<void>;
  /** Ends the owner's open pause, if any, at `at`. */
  endOpenPause(ownerId: string, at: Date): Promise<void>;
}
