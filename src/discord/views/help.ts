import { EmbedBuilder } from 'discord.js';
import { STAGES } from '../../domain/stages.js';
import { COLOURS, NO_MENTIONS } from './common.js';

const METHOD = [
  'Patience beats gadgets. Every step is tiny and ends with a treat.',
  'The moment your cat shows stress, stop for today. Going back a step is normal, never a defeat.',
  'Your cat leads and you follow. A first trip outside that is half a minute of sniffing is a big win.',
].join('\n');

const COMMANDS = [
  '`/cat add` · `/cat list` · `/cat rename` · `/cat remove` · `/cat stage`',
  '`/cat share` · `/cat unshare` · train a cat together: co-owners log for it, see its progress and get it in their check-in',
  '`/log what:<what happened>` · log a session; I read back the signals and say what it means',
  '`/progress` · stage, streak, trend and a chart of the journey',
  '`/session start` · time a short session; I say when to stop, on a high note, and you can log it',
  '`/checkin set time:19:00 timezone:Europe/Berlin` · a daily DM with one tiny step (`pause`, `resume`, `status`)',
  '`/share win` · celebrate in this server’s wins channel · `/share auto` · share milestones automatically',
  '`/community set|off|status` · for server managers: the wins channel and weekly digest',
  '`/mydata export` · `/mydata delete` · your data, yours to take or erase',
].join('\n');

/** The method in a few lines, the stages, and the commands. */
export function renderHelp() {
  const embed = new EmbedBuilder()
    .setColor(COLOURS.brand)
    .setTitle('Leash training, one tiny step at a time')
    .setDescription(METHOD)
    .addFields(
      {
        name: 'The stages',
        value: STAGES.map((s) => `${s.position}. **${s.name}** · ${s.ownerDoes}`).join('\n'),
      },
      { name: 'Commands', value: COMMANDS },
      {
        name: 'How I grade what you log',
        value:
          'win 🌱 · mild 🟡 (keep going gently) · moderate 🟠 (stop for today) · severe 🔴 (step back a stage) · pain 🩺 (see a vet)',
      },
    );
  return { embeds: [embed], allowedMentions: NO_MENTIONS };
}
