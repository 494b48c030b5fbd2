/** Discord permission bits the fake needs to reason about (subset of the real table). */
export const Permission = {
  CreateInstantInvite: 1n << 0n,
  KickMembers: 1n << 1n,
  BanMembers: 1n << 2n,
  Administrator: 1n << 3n,
  ManageChannels: 1n << 4n,
  ManageGuild: 1n << 5n,
  AddReactions: 1n << 6n,
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  ManageMessages: 1n << 13n,
  EmbedLinks: 1n << 14n,
  AttachFiles: 1n << 15n,
  ReadMessageHistory: 1n << 16n,
  MentionEveryone: 1n << 17n,
  UseExternalEmojis: 1n << 18n,
  Connect: 1n << 20n,
  Speak: 1n << 21n,
  ChangeNickname: 1n << 26n,
  UseApplicationCommands: 1n << 31n,
  SendMessagesInThreads: 1n << 38n,
} as const;

export const ALL_PERMISSIONS = (1n << 53n) - 1n;

/** What @everyone gets in a fresh Discord server. */
export const DEFAULT_EVERYONE_PERMISSIONS =
  Permission.CreateInstantInvite |
  Permission.AddReactions |
  Permission.ViewChannel |
  Permission.SendMessages |
  Permission.EmbedLinks |
  Permission.AttachFiles |
  Permission.ReadMessageHistory |
  Permission.UseExternalEmojis |
  Permission.Connect |
  Permission.Speak |
  Permission.ChangeNickname |
  Permission.UseApplicationCommands |
  Permission.SendMessagesInThreads;

/** What the bot's managed role grants (the permissions of a typical invite link). */
export const DEFAULT_BOT_ROLE_PERMISSIONS =
  Permission.ViewChannel |
  Permission.SendMessages |
  Permission.EmbedLinks |
  Permission.AttachFiles |
  Permission.ReadMessageHistory |
  Permission.AddReactions |
  Permission.UseExternalEmojis |
  Permission.SendMessagesInThreads;

export interface Overwrite {
  id: string;
  type: 0 | 1;
  allow: bigint;
  deny: bigint;
}

export interface PermissionContext {
  guildId: string;
  ownerId: string;
  roles: ReadonlyMap<string, bigint>;
  memberRoleIds: readonly string[];
  userId: string;
  overwrites: readonly Overwrite[];
}

/** Discord's documented algorithm: base (roles) → @everyone overwrite → role overwrites → member overwrite. */
export function computePermissions(ctx: PermissionContext): bigint {
  if (ctx.userId === ctx.ownerId) return ALL_PERMISSIONS;
  let base = ctx.roles.get(ctx.guildId) ?? 0n;
  for (const roleId of ctx.memberRoleIds) base |= ctx.roles.get(roleId) ?? 0n;
  if ((base & Permission.Administrator) !== 0n) return ALL_PERMISSIONS;

  let perms = base;
  const everyone = ctx.overwrites.find((o) => o.id === ctx.guildId);
  if (everyone) perms = (perms & ~everyone.deny) | everyone.allow;
  let allow = 0n;
  let deny = 0n;
  for (const o of ctx.overwrites) {
    if (o.type === 0 && o.id !== ctx.guildId && ctx.memberRoleIds.includes(o.id)) {
      allow |= o.allow;
      deny |= o.deny;
    }
  }
  perms = (perms & ~deny) | allow;
  const member = ctx.overwrites.find((o) => o.type === 1 && o.id === ctx.userId);
  if (member) perms = (perms & ~member.deny) | member.allow;
  return perms;
}
