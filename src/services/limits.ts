/** Input limits, shared by the command definitions and the services that check them again. */
export const LIMITS = {
  catName: 32,
  catsPerOwner: 20,
  /** People a cat can be shared with (households). */
  coOwnersPerCat: 5,
  what: 1000,
  note: 500,
  shareMessage: 500,
  minMinutes: 1,
  maxMinutes: 240,
  /** The longest /session start timer: sessions are meant to be short. */
  maxTimerMinutes: 10,
  maxPauseDays: 60,
  recentSessions: 5,
} as const;
