import { describe, expect, it } from 'vitest';
import { fetchPhoto } from '../../src/adapters/httpPhotoFetcher.js';
import type { PhotoFetcher } from '../../src/services/ports.js';
import type { Harness } from '../support/botHarness.js';
import { Permission, type FakeUser, type RecordedMessage } from '@leash-coach/fake-discord';
import {
  addCat,
  buttons,
  click,
  command,
  DAY_MS,
  expectEphemeralAnswer,
  newUser,
  NO_MENTIONS,
  PNG_MAGIC,
  reply,
  textOf,
  useHarness,
} from './helpers.js';

/**
 * The real downloader, except that a photo named "broken…" is asked for at a URL the server no longer has
 * (a real 404 from the local server), the way an expired attachment link fails.
 */
const photos: PhotoFetcher = {
  fetchPhoto: (url, options) => fetchPhoto(url.includes('/broken') ? `${url}.gone` : url, options),
};

const harness = useHarness({ photos });

const MEMBER = Permission.ViewChannel | Permission.SendMessages | Permission.UseApplicationCommands;
const ADMIN = MEMBER | Permission.ManageGuild;
const BOT_OK =
  Permission.ViewChannel | Permission.SendMessages | Permission.EmbedLinks | Permission.AttachFiles;

let guildCount = 0;
/** A server of its own for a test: general, wins, and a channel where the bot may only read. */
function newGuild(h: Harness) {
  guildCount += 1;
  const guild = h.fake.addGuild({
    name: `Club ${guildCount}`,
    channels: [
      { name: 'general' },
      { name: 'wins', botPermissions: BOT_OK },
      { name: 'readonly', botPermissions: Permission.ViewChannel | Permission.EmbedLinks },
    ],
  });
  return {
    id: guild.id,
    general: guild.channel('general'),
    wins: guild.channel('wins'),
    readonly: guild.channel('readonly'),
  };
}

type Guild = ReturnType<typeof newGuild>;

async function setWins(h: Harness, g: Guild, admin: FakeUser): Promise<void> {
  const m = await reply(h, admin, 'community', {
    sub: 'set',
    channelId: g.general,
    memberPermissions: ADMIN,
    options: { channel: g.wins },
  });
  expectEphemeralAnswer(m, `Wins will be posted in <#${g.wins}>`);
}

function png(size = 64): Buffer {
  return Buffer.concat([PNG_MAGIC, Buffer.alloc(Math.max(0, size - PNG_MAGIC.length), 7)]);
}

describe('/community', () => {
  it('refuses a member without Manage Server, in code (the default permission can be changed)', async () => {
    const h = harness();
    const g = newGuild(h);
    const member = newUser(h);
    for (const sub of ['set', 'off'] as const) {
      const m = await reply(h, member, 'community', {
        sub,
        channelId: g.general,
        memberPermissions: MEMBER,
        ...(sub === 'set' ? { options: { channel: g.wins } } : {}),
      });
      expectEphemeralAnswer(m, 'Only server managers (Manage Server)');
    }
    const status = await reply(h, member, 'community', {
      sub: 'status',
      channelId: g.general,
      memberPermissions: MEMBER,
    });
    expectEphemeralAnswer(status, 'No wins channel yet');
  });

  it('names the permissions the bot is missing in the chosen channel', async () => {
    const h = harness();
    const g = newGuild(h);
    const admin = newUser(h, 'admin');
    const m = await reply(h, admin, 'community', {
      sub: 'set',
      channelId: g.general,
      memberPermissions: ADMIN,
      options: { channel: g.readonly },
    });
    const text = expectEphemeralAnswer(m, `<#${g.readonly}>`, 'Send Messages', 'Attach Files');
    expect(text).not.toContain('View Channel');
    expect(m.allowedMentions).toEqual(NO_MENTIONS);
    expectEphemeralAnswer(
      await reply(h, admin, 'community', { sub: 'status', channelId: g.general, memberPermissions: ADMIN }),
      'No wins channel yet',
    );
  });

  it('lets an admin set, check and turn off the wins channel', async () => {
    const h = harness();
    const g = newGuild(h);
    const admin = newUser(h, 'admin');
    await setWins(h, g, admin);
    const status = await reply(h, admin, 'community', {
      sub: 'status',
      channelId: g.general,
      memberPermissions: ADMIN,
    });
    expectEphemeralAnswer(status, `Wins channel: <#${g.wins}>`, '0 shared wins');
    const off = await reply(h, admin, 'community', {
      sub: 'off',
      channelId: g.general,
      memberPermissions: ADMIN,
    });
    expectEphemeralAnswer(off, 'no longer post', `<#${g.wins}>`);
    const again = await reply(h, admin, 'community', {
      sub: 'off',
      channelId: g.general,
      memberPermissions: ADMIN,
    });
    expectEphemeralAnswer(again, 'already off');
    expectEphemeralAnswer(
      await reply(h, admin, 'community', { sub: 'status', channelId: g.general, memberPermissions: ADMIN }),
      'No wins channel yet',
    );
  });
});

describe('/share win', () => {
  it('without a wins channel: tells a member to ask a manager, and a manager how to set one', async () => {
    const h = harness();
    const g = newGuild(h);
    const member = newUser(h);
    const m = await reply(h, member, 'share', {
      sub: 'win',
      channelId: g.general,
      memberPermissions: MEMBER,
      options: { message: 'sniffed the grass' },
    });
    expectEphemeralAnswer(m, 'no wins channel yet', 'Ask a server manager');
    const admin = await reply(h, newUser(h, 'admin'), 'share', {
      sub: 'win',
      channelId: g.general,
      memberPermissions: ADMIN,
      options: { message: 'sniffed the grass' },
    });
    expectEphemeralAnswer(admin, 'no wins channel yet', '/community set');
    expect(h.fake.messagesIn(g.wins)).toEqual([]);
  });

  it('posts the win in the wins channel, credited, with the cat and stage, pinging nobody', async () => {
    const h = harness();
    const g = newGuild(h);
    const owner = newUser(h);
    await setWins(h, g, newUser(h, 'admin'));
    await addCat(h, owner, 'Mochi', 'first_outdoors');
    const shared = await command(h, owner, 'share', {
      sub: 'win',
      channelId: g.general,
      memberPermissions: MEMBER,
      options: { message: '@everyone <@123> hi, Mochi sniffed a dandelion! @here <@&456>' },
    });
    expect(shared.type).toBe(5);
    const answer = await shared.reply();
    expectEphemeralAnswer(answer, `<#${g.wins}>`);

    const posts = h.fake.messagesIn(g.wins);
    expect(posts).toHaveLength(1);
    const post = posts[0] as RecordedMessage;
    expect(post.ephemeral).toBe(false);
    expect(post.allowedMentions).toEqual(NO_MENTIONS);
    expect(post.content).toBe(`Shared by <@${owner.id}>`);
    const text = textOf(post);
    expect(text).toContain('Mochi');
    expect(text).toContain('First steps outside (7/8)');
    expect(text).toContain('@everyone <@123> hi, Mochi sniffed a dandelion!');
    expect(post.files).toEqual([]);
    const status = await reply(h, owner, 'community', {
      sub: 'status',
      channelId: g.general,
      memberPermissions: ADMIN,
    });
    expectEphemeralAnswer(status, '1 shared win');
  });

  it('re-uploads a good photo into the post', async () => {
    const h = harness();
    const g = newGuild(h);
    const owner = newUser(h);
    await setWins(h, g, newUser(h, 'admin'));
    const data = png(2048);
    const shared = await command(h, owner, 'share', {
      sub: 'win',
      channelId: g.general,
      memberPermissions: MEMBER,
      options: { message: 'First harness day!' },
      attachments: { photo: { name: 'mochi in the garden.png', data, contentType: 'image/png' } },
    });
    expectEphemeralAnswer(await shared.reply(), `<#${g.wins}>`);
    const post = h.fake.messagesIn(g.wins)[0] as RecordedMessage;
    expect(post.files).toHaveLength(1);
    const file = post.files[0];
    expect(file?.data.equals(data)).toBe(true);
    expect(file?.contentType).toBe('image/png');
    expect(post.embeds[0]?.image).toEqual({ url: `attachment://${file?.name ?? ''}` });
    expect(post.allowedMentions).toEqual(NO_MENTIONS);
  });

  it('refuses a photo that is too big or not an image, and posts nothing', async () => {
    const h = harness();
    const g = newGuild(h);
    const owner = newUser(h);
    await setWins(h, g, newUser(h, 'admin'));
    const cases = [
      {
        photo: { name: 'huge.png', data: png(8 * 1024 * 1024 + 1), contentType: 'image/png' },
        says: 'up to 8 MB',
      },
      {
        photo: { name: 'notes.txt', data: 'not a picture', contentType: 'text/plain' },
        says: "isn't an image",
      },
      {
        photo: { name: 'fake.png', data: 'plain text pretending', contentType: 'image/png' },
        says: "isn't an image",
      },
    ];
    for (const { photo, says } of cases) {
      const shared = await command(h, owner, 'share', {
        sub: 'win',
        channelId: g.general,
        memberPermissions: MEMBER,
        options: { message: 'look!' },
        attachments: { photo },
      });
      expectEphemeralAnswer(await shared.reply(), says);
    }
    expect(h.fake.messagesIn(g.wins)).toEqual([]);
  });

  it('when the photo cannot be downloaded, still posts the words and says so', async () => {
    const h = harness();
    const g = newGuild(h);
    const owner = newUser(h);
    await setWins(h, g, newUser(h, 'admin'));
    const shared = await command(h, owner, 'share', {
      sub: 'win',
      channelId: g.general,
      memberPermissions: MEMBER,
      options: { message: 'Ten seconds on the balcony' },
      attachments: { photo: { name: 'broken.png', data: png(), contentType: 'image/png' } },
    });
    const answer = await shared.reply();
    expectEphemeralAnswer(answer, /photo/i);
    const post = h.fake.messagesIn(g.wins)[0] as RecordedMessage;
    expect(post.files).toEqual([]);
    expect(textOf(post)).toContain('Ten seconds on the balcony');
    expect(textOf(post)).toContain('The photo could not be fetched');
  });

  it('/share auto: a stage-up is posted once to the wins channel of servers the owner uses', async () => {
    const h = harness();
    const g = newGuild(h);
    const owner = newUser(h);
    await setWins(h, g, newUser(h, 'admin'));
    await addCat(h, owner, 'Tofu');
    const on = await reply(h, owner, 'share', {
      sub: 'auto',
      channelId: g.general,
      options: { enabled: true },
    });
    expect(on.ephemeral).toBe(true);
    expect(on.content.length).toBeGreaterThan(0);

    let offer: RecordedMessage | undefined;
    for (let day = 0; day < 3; day++) {
      offer = await reply(h, owner, 'log', {
        channelId: g.general,
        options: { what: 'sniffed the harness' },
      });
      h.deps.clock.advance(DAY_MS);
    }
    expect(h.fake.messagesIn(g.wins)).toEqual([]);
    expect(buttons(offer as RecordedMessage)).toHaveLength(2);
    const accepted = await click(h, owner, offer as RecordedMessage, 'Move on');
    await accepted.reply();
    const post = await h.fake.waitForMessage(g.wins);
    expect(post.allowedMentions).toEqual(NO_MENTIONS);
    expect(post.content).toBe(`Shared by <@${owner.id}>`);
    expect(textOf(post)).toContain('Tofu');
    expect(textOf(post)).toContain('Drape and treat (2/8)');

    // More sessions at the new stage: no second post of the same milestone.
    await reply(h, owner, 'log', { channelId: g.general, options: { what: 'took a treat' } });
    expect(h.fake.messagesIn(g.wins)).toHaveLength(1);

    const off = await reply(h, owner, 'share', {
      sub: 'auto',
      channelId: g.general,
      options: { enabled: false },
    });
    expect(off.ephemeral).toBe(true);
  });

  it('a share from a member without the auto opt-in never posts milestones', async () => {
    const h = harness();
    const g = newGuild(h);
    const owner = newUser(h);
    await setWins(h, g, newUser(h, 'admin'));
    await addCat(h, owner, 'Quiet');
    let offer: RecordedMessage | undefined;
    for (let day = 0; day < 3; day++) {
      offer = await reply(h, owner, 'log', {
        channelId: g.general,
        options: { what: 'sniffed the harness' },
      });
      h.deps.clock.advance(DAY_MS);
    }
    await (await click(h, owner, offer as RecordedMessage, 'Move on')).reply();
    expect(h.fake.messagesIn(g.wins)).toEqual([]);
  });
});

describe('weekly digest', () => {
  it('posts one digest per server with wins, and a second run posts nothing', async () => {
    const h = harness();
    const g = newGuild(h);
    const quiet = newGuild(h);
    const admin = newUser(h, 'admin');
    await setWins(h, g, admin);
    await setWins(h, quiet, admin);
    const owner = newUser(h);
    await addCat(h, owner, 'Biscuit');
    await reply(h, owner, 'share', {
      sub: 'win',
      channelId: g.general,
      memberPermissions: MEMBER,
      options: { message: 'Biscuit wore the harness for a minute @everyone' },
    });
    const postsBefore = h.fake.messagesIn(g.wins).length;

    // Next Monday: the week with the win has ended.
    const now = h.deps.clock.now();
    const daysToMonday = (8 - now.getUTCDay()) % 7 || 7;
    h.deps.clock.set(
      new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + daysToMonday, 9)),
    );

    await h.services.runWeeklyDigest();
    const posts = h.fake.messagesIn(g.wins).slice(postsBefore);
    expect(posts).toHaveLength(1);
    const digest = posts[0] as RecordedMessage;
    expect(digest.allowedMentions).toEqual(NO_MENTIONS);
    const text = textOf(digest);
    expect(text).toContain('Biscuit wore the harness for a minute');
    expect(text).toContain(`<@${owner.id}>`);
    // Nothing shared in the quiet server: no digest there at all.
    expect(h.fake.messagesIn(quiet.wins)).toEqual([]);

    await h.services.runWeeklyDigest();
    h.deps.clock.advance(3_600_000);
    await h.services.runWeeklyDigest();
    expect(h.fake.messagesIn(g.wins).slice(postsBefore)).toHaveLength(1);
    expect(h.fake.messagesIn(quiet.wins)).toEqual([]);
  });
});
