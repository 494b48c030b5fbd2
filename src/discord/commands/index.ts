import type { Command } from '../command.js';
import { cat } from './cat.js';
import { checkin } from './checkin.js';
import { community } from './community.js';
import { help } from './help.js';
import { log } from './log.js';
import { mydata } from './mydata.js';
import { progress } from './progress.js';
import { session } from './session.js';
import { share } from './share.js';

/** Every slash command, shared by the router and the deploy script (no file globbing). */
export const commands: readonly Command[] = [
  help,
  cat,
  log,
  progress,
  session,
  checkin,
  share,
  community,
  mydata,
];
