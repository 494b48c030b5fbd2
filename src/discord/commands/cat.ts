import { InteractionContextType, MessageFlags, SlashCommandBuilder } from 'discord.js';
import { LIMITS } from '../../services/limits.js';
import { defineCommand } from '../command.js';
import {
  renderCatAdded,
  renderCatList,
  renderCatRenamed,
  renderRemoveConfirm,
  renderStageSet,
} from '../views/catViews.js';
import { renderShared, renderUnshared } from '../views/householdViews.js';
import { respondWithCats } from './autocomplete.js';
import { catOption, stageOption } from './options.js';

const flags = MessageFlags.Ephemeral;

export const cat = defineCommand({
  data: new SlashCommandBuilder()
    .setName('cat')
    .setDescription('Add, list, rename, remove or share your cats, or set a stage by hand')
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
    .addSubcommand((s) =>
      s
        .setName('add')
        .setDescription('Add a cat to coach')
        .addStringOption((o) =>
          o.setName('name').setDescription("Your cat's name").setRequired(true).setMaxLength(LIMITS.catName),
        )
        .addStringOption(stageOption(false, 'Where to start (default: the very first stage)')),
    )
    .addSubcommand((s) => s.setName('list').setDescription('Your cats with their stage and last session'))
    .addSubcommand((s) =>
      s
        .setName('rename')
        .setDescription('Rename a cat')
        .addStringOption(catOption(true))
        .addStringOption((o) =>
          o.setName('name').setDescription('The new name').setRequired(true).setMaxLength(LIMITS.catName),
        ),
    )
    .addSubcommand((s) =>
      s.setName('remove').setDescription('Remove a cat and its history').addStringOption(catOption(true)),
    )
    .addSubcommand((s) =>
      s
        .setName('stage')
        .setDescription('Set the stage by hand')
        .addStringOption(catOption(true))
        .addStringOption(stageOption(true)),
    )
    .addSubcommand((s) =>
      s
        .setName('share')
        .setDescription('Let someone you train with log for a cat and see its progress')
        .addStringOption(catOption(true))
        .addUserOption((o) => o.setName('user').setDescription('Who to share it with').setRequired(true)),
    )
    .addSubcommand((s) =>
      s
        .setName('unshare')
        .setDescription('Stop sharing a cat with someone (or take yourself off a cat shared with you)')
        .addStringOption(catOption(true))
        .addUserOption((o) => o.setName('user').setDescription('Who to take off').setRequired(true)),
    ),
  async execute(interaction, { services }) {
    const ownerId = interaction.user.id;
    const o = interaction.options;
    switch (o.getSubcommand()) {
      case 'add':
        await interaction.reply({
          ...renderCatAdded(
            await services.addCat({ ownerId, name: o.getString('name', true), stage: o.getString('stage') }),
          ),
          flags,
        });
        return;
      case 'list':
        await interaction.reply({ ...renderCatList(await services.listCats(ownerId)), flags });
        return;
      case 'rename': {
        const result = await services.renameCat({
          ownerId,
          cat: o.getString('cat', true),
          name: o.getString('name', true),
        });
        await interaction.reply({ ...renderCatRenamed(result.oldName, result.cat), flags });
        return;
      }
      case 'remove':
        await interaction.reply({
          ...renderRemoveConfirm(
            ownerId,
            await services.previewRemoveCat({ ownerId, cat: o.getString('cat', true) }),
          ),
          flags,
        });
        return;
      case 'stage':
        await interaction.reply({
          ...renderStageSet(
            await services.setCatStage({
              ownerId,
              cat: o.getString('cat', true),
              stage: o.getString('stage', true),
            }),
          ),
          flags,
        });
        return;
      case 'share': {
        const user = o.getUser('user', true);
        const share = await services.shareCat({
          ownerId,
          cat: o.getString('cat', true),
          userId: user.id,
          userIsBot: user.bot,
        });
        if (share.already) {
          await interaction.reply({ ...renderShared(share, false), flags });
          return;
        }
        // The DM to the new co-owner can take a moment: answer first.
        await interaction.deferReply({ flags });
        await interaction.editReply(renderShared(share, await services.notifyCoOwner(share)));
        return;
      }
      case 'unshare': {
        const view = await services.unshareCat({
          userId: ownerId,
          cat: o.getString('cat', true),
          targetId: o.getUser('user', true).id,
        });
        await interaction.reply({ ...renderUnshared(view), flags });
        return;
      }
    }
  },
  // What only the owner may do offers only their own cats; unshare also the cats shared with the caller.
  autocomplete: (interaction, context) =>
    respondWithCats(
      interaction,
      context,
      ['rename', 'remove', 'stage', 'share'].includes(interaction.options.getSubcommand()) ? 'owned' : 'all',
    ),
});
