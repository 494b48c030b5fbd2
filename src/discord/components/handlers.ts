import {
  LabelBuilder,
  MessageFlags,
  ModalBuilder,
  TextInputBuilder,
  TextInputStyle,
  type ButtonInteraction,
  type ModalSubmitInteraction,
} from 'discord.js';
import { LIMITS } from '../../services/limits.js';
import { UserFacingError } from '../../services/errors.js';
import type { Context } from '../command.js';
import { NO_MENTIONS } from '../views/common.js';
import { renderPaused } from '../views/checkInViews.js';
import { renderLogReply, renderOfferAnswer } from '../views/logReply.js';
import { renderDeleted } from '../views/myDataViews.js';
import { encodeCustomId, type CustomId } from './customId.js';

const flags = MessageFlags.Ephemeral;

/** A button made for one owner can only be used by that owner. */
function assertOwner(ownerId: string, userId: string): void {
  if (ownerId !== userId) {
    throw new UserFacingError({ code: 'not_your_button', data: { button: 'owner' } });
  }
}

/** Buttons: parse (done by the router) → check → service → update or reply. */
export async function handleButton(
  interaction: ButtonInteraction,
  id: CustomId,
  { services }: Context,
): Promise<void> {
  const userId = interaction.user.id;
  switch (id.kind) {
    case 'offer': {
      const view = await services.answerOffer({
        ownerId: userId,
        catId: id.catId,
        from: id.from,
        accept: id.accept,
      });
      await interaction.update(renderOfferAnswer(view));
      // The posts this caused were stored with it; the outbox delivers them (never in the owner's way).
      services.kickOutbox();
      return;
    }
    case 'removeCat': {
      assertOwner(id.ownerId, userId);
      const content = id.confirm
        ? `**${(await services.removeCat({ ownerId: userId, catId: id.catId })).name}** and their history have been removed.`
        : 'Okay, nothing was removed.';
      await interaction.update({ content, components: [], allowedMentions: NO_MENTIONS });
      return;
    }
    case 'deleteData': {
      assertOwner(id.ownerId, userId);
      if (!id.confirm) {
        await interaction.update({
          content: 'Okay, your data stays as it is.',
          components: [],
          allowedMentions: NO_MENTIONS,
        });
        return;
      }
      // Removing the posts the bot made for the owner can take a few seconds (Discord paces deletions).
      await interaction.deferUpdate();
      await interaction.editReply(renderDeleted(await services.deleteOwnerEverywhere(userId)));
      return;
    }
    case 'checkInLog': {
      assertOwner(id.ownerId, userId);
      const cats = await services.listCats(userId);
      if (cats.length === 0) {
        throw new UserFacingError({ code: 'no_cats', data: { from: 'check_in_button' } });
      }
      await interaction.showModal(
        checkInForm(
          userId,
          cats.length === 1 ? (cats[0]?.id ?? null) : null,
          cats.map((c) => c.name),
        ),
      );
      return;
    }
    case 'checkInSkip': {
      assertOwner(id.ownerId, userId);
      await interaction.reply({
        content: (await services.skipToday({ ownerId: userId })).text,
        flags,
        allowedMentions: NO_MENTIONS,
      });
      return;
    }
    case 'checkInPause': {
      assertOwner(id.ownerId, userId);
      const view = await services.pauseCheckIns({ ownerId: userId, days: 7 });
      await interaction.reply({ content: renderPaused(view), flags, allowedMentions: NO_MENTIONS });
      return;
    }
    case 'timerLog': {
      assertOwner(id.ownerId, userId);
      // The same form as the check-in's, for the timed cat, with the minutes filled in.
      if (!(await services.listCats(userId)).some((c) => c.id === id.catId)) {
        throw new UserFacingError({ code: 'stale_button', data: { reason: 'cat_gone' } });
      }
      await interaction.showModal(checkInForm(userId, id.catId, [], id.minutes));
      return;
    }
    case 'checkInForm':
      throw new UserFacingError({ code: 'stale_button', data: { reason: 'old_button' } });
  }
}

/**
 * The check-in's "Logged a session" form (also "Log it" under a session timer, with its minutes); asks which
 * cat only when there are several.
 */
export function checkInForm(
  ownerId: string,
  catId: number | null,
  catNames: readonly string[],
  minutes: number | null = null,
) {
  const minutesInput = new TextInputBuilder()
    .setCustomId('minutes')
    .setStyle(TextInputStyle.Short)
    .setPlaceholder('5')
    .setRequired(false)
    .setMaxLength(3);
  if (minutes !== null) minutesInput.setValue(String(minutes));
  const modal = new ModalBuilder()
    .setCustomId(encodeCustomId({ kind: 'checkInForm', ownerId, catId }))
    .setTitle('Log a session')
    .addLabelComponents(
      new LabelBuilder()
        .setLabel('What happened?')
        .setDescription('Signals and wins, in your own words')
        .setTextInputComponent(
          new TextInputBuilder()
            .setCustomId('what')
            .setStyle(TextInputStyle.Paragraph)
            .setPlaceholder('sniffed the harness, took a treat, ears flat at the end')
            .setRequired(true)
            .setMaxLength(LIMITS.what),
        ),
      new LabelBuilder().setLabel('Minutes (optional)').setTextInputComponent(minutesInput),
    );
  if (catId === null) {
    modal.addLabelComponents(
      new LabelBuilder().setLabel('Which cat?').setTextInputComponent(
        new TextInputBuilder()
          .setCustomId('cat')
          .setStyle(TextInputStyle.Short)
          .setPlaceholder(catNames.join(', ').slice(0, 100) || 'Mochi')
          .setValue(catNames[0] ?? '')
          .setRequired(true)
          .setMaxLength(LIMITS.catName),
      ),
    );
  }
  return modal;
}

/** Modal submits: the check-in form logs through the same service as /log. */
export async function handleModal(
  interaction: ModalSubmitInteraction,
  id: CustomId,
  { services }: Context,
): Promise<void> {
  if (id.kind !== 'checkInForm') {
    throw new UserFacingError({ code: 'stale_button', data: { reason: 'old_form' } });
  }
  assertOwner(id.ownerId, interaction.user.id);
  const fields = interaction.fields;
  const catText = id.catId === null ? fields.getTextInputValue('cat') : String(id.catId);
  const view = await services.logSession({
    ownerId: interaction.user.id,
    cat: catText,
    what: fields.getTextInputValue('what'),
    minutes: services.parseMinutesText(fields.getTextInputValue('minutes')),
  });
  await interaction.reply({ ...renderLogReply(view), flags });
  // The posts this caused were stored with it; the outbox delivers them (never in the owner's way).
  services.kickOutbox();
}
