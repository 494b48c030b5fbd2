import { describe, expect, it } from 'vitest';
import { decodeCustomId, encodeCustomId, type CustomId } from '../../src/discord/components/customId.js';

const owner = '123456789012345678';

describe('customId codec', () => {
  it.each<CustomId>([
    { kind: 'offer', catId: 42, from: 'harness_buckle', accept: true },
    { kind: 'offer', catId: 9007199254740991, from: 'first_outdoors', accept: false },
    { kind: 'removeCat', ownerId: owner, catId: 7, confirm: true },
    { kind: 'deleteData', ownerId: owner, confirm: false },
    { kind: 'checkInLog', ownerId: owner, catId: null },
    { kind: 'checkInLog', ownerId: owner, catId: 3 },
    { kind: 'checkInSkip', ownerId: owner },
    { kind: 'checkInPause', ownerId: owner },
    { kind: 'checkInForm', ownerId: owner, catId: null },
    { kind: 'timerLog', ownerId: owner, catId: 9007199254740991, minutes: 10 },
  ])('round-trips %j within 100 characters', (id) => {
    const encoded = encodeCustomId(id);
    expect(encoded.length).toBeLessThanOrEqual(100);
    expect(decodeCustomId(encoded)).toEqual(id);
  });

  it.each([
    '',
    'x',
    'of',
    'of:1:2',
    'of:-1:2:1',
    'of:1:99:1',
    'of:1:2:2',
    'rc:abc:1:1',
    'zz:1',
    'dd:1',
    `of:1:2:1:${'9'.repeat(100)}`,
    'toString:1',
    '__proto__:1',
    `tl:${owner}:3:0`,
    `tl:${owner}:3:2.5`,
    `tl:${owner}:-:5`,
  ])('rejects %j', (raw) => {
    expect(decodeCustomId(raw)).toBeNull();
  });
});
