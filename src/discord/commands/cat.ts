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
import { respondWithCats } from './autocomplete.js';
import { catOption, stageOption } from './options.js';

const flags = MessageFlags.Ephemeral;

export const cat = defineCommand({
  data: new SlashCommandBuilder()
    .setName('cat')
    .setDescription('Add, list, rename or remove your cats, or set a stage by hand')
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
    }
  },
  autocomplete: respondWithCats,
});
