import {
  addCat,
  listCats,
  previewRemoveCat,
  removeCat,
  renameCat,
  setCatStage,
  suggestCats,
} from './cats.js';
import { runDueCheckIns } from './checkInRun.js';
import {
  checkInStatus,
  confirmCheckInDm,
  pauseCheckIns,
  resumeCheckIns,
  setCheckIn,
  skipToday,
} from './checkInSettings.js';
import { announceEffects } from './community/announce.js';
import { setAutoShare } from './community/autoShare.js';
import { shareWin } from './community/shareWin.js';
import { runWeeklyDigest } from './community/weeklyDigest.js';
import { communityStatus, disableWins, setWinsChannel } from './community/winsChannel.js';
import type { Deps } from './deps.js';
import { notifyCoOwner, shareCat, takeShareNotices, unshareCat, type ShareView } from './households.js';
import { deleteOwnerEverywhere, exportOwnerData, exportSessionsCsv, previewDeleteOwner } from './myData.js';
import { createOutboxWorker, pruneOutbox } from './outbox.js';
import { noteGuildUse, takeDmsNotice } from './owners.js';
import { getProgress } from './progress.js';
import { answerOffer, logSession, parseMinutesText } from './sessions.js';
import { runDueSessionTimers, startSessionTimer } from './sessionTimers.js';
import type { PhotoFetcher } from './ports.js';
import { suggestTimeZones, suggestWhat } from './suggestions.js';

/** Every use case's dependencies, plus the adapters only some of them need (built in main.ts). */
export interface ServicesDeps extends Deps {
  /** How /share win downloads a photo. */
  readonly photos: PhotoFetcher;
}

type Input<F> = F extends (deps: never, input: infer I) => unknown ? I : never;

/**
 * The use cases with their dependencies bound: what the Discord layer and jobs call.
 * Each entry is a thin closure, so handlers never see the database or the clock.
 */
export function createServices(deps: ServicesDeps) {
  const outbox = createOutboxWorker(deps, {
    announce: (item) =>
      item.catId === null
        ? Promise.resolve(0)
        : announceEffects(deps, { ownerId: item.ownerId, catId: item.catId, effects: item.effects }),
  });
  return {
    // cats
    addCat: (input: Input<typeof addCat>) => addCat(deps, input),
    listCats: (ownerId: string) => listCats(deps, ownerId),
    renameCat: (input: Input<typeof renameCat>) => renameCat(deps, input),
    previewRemoveCat: (input: Input<typeof previewRemoveCat>) => previewRemoveCat(deps, input),
    removeCat: (input: Input<typeof removeCat>) => removeCat(deps, input),
    setCatStage: (input: Input<typeof setCatStage>) => setCatStage(deps, input),
    suggestCats: (ownerId: string, fragment: string, scope?: 'all' | 'owned') =>
      suggestCats(deps, ownerId, fragment, scope),
    // households
    shareCat: (input: Input<typeof shareCat>) => shareCat(deps, input),
    notifyCoOwner: (share: ShareView) => notifyCoOwner(deps, share),
    unshareCat: (input: Input<typeof unshareCat>) => unshareCat(deps, input),
    takeShareNotices: (userId: string) => takeShareNotices(deps, userId),
    // sessions and progress
    logSession: (input: Input<typeof logSession>) => logSession(deps, input),
    answerOffer: (input: Input<typeof answerOffer>) => answerOffer(deps, input),
    getProgress: (input: Input<typeof getProgress>) => getProgress(deps, input),
    suggestWhat,
    parseMinutesText,
    suggestTimeZones,
    // owners
    noteGuildUse: (ownerId: string, guildId: string) => noteGuildUse(deps, ownerId, guildId),
    takeDmsNotice: (ownerId: string) => takeDmsNotice(deps, ownerId),
    // daily check-ins
    setCheckIn: (input: Input<typeof setCheckIn>) => setCheckIn(deps, input),
    confirmCheckInDm: (ownerId: string) => confirmCheckInDm(deps, ownerId),
    pauseCheckIns: (input: Input<typeof pauseCheckIns>) => pauseCheckIns(deps, input),
    resumeCheckIns: (input: Input<typeof resumeCheckIns>) => resumeCheckIns(deps, input),
    checkInStatus: (ownerId: string) => checkInStatus(deps, ownerId),
    skipToday: (input: Input<typeof skipToday>) => skipToday(deps, input),
    runDueCheckIns: () => runDueCheckIns(deps),
    // owners' data
    exportOwnerData: (ownerId: string) => exportOwnerData(deps, ownerId),
    deleteOwnerEverywhere: (ownerId: string) => deleteOwnerEverywhere(deps, ownerId),
    previewDeleteOwner: (ownerId: string) => previewDeleteOwner(deps, ownerId),
    exportSessionsCsv: (ownerId: string) => exportSessionsCsv(deps, ownerId),
    // community
    setWinsChannel: (input: Input<typeof setWinsChannel>) => setWinsChannel(deps, input),
    disableWins: (input: Input<typeof disableWins>) => disableWins(deps, input),
    communityStatus: (input: Input<typeof communityStatus>) => communityStatus(deps, input),
    shareWin: (input: Input<typeof shareWin>) => shareWin(deps, input),
    setAutoShare: (input: Input<typeof setAutoShare>) => setAutoShare(deps, input),
    // the outbox of the coach's effects (stage-up and milestone posts)
    kickOutbox: () => {
      outbox.kick();
    },
    deliverOutbox: () => outbox.run(),
    pruneOutbox: () => pruneOutbox(deps),
    runWeeklyDigest: (now?: Date) => runWeeklyDigest(deps, { now }),
    // session timers (/session start)
    startSessionTimer: (input: Input<typeof startSessionTimer>) => startSessionTimer(deps, input),
    runDueSessionTimers: () => runDueSessionTimers(deps),
  };
}

export type Services = ReturnType<typeof createServices>;
