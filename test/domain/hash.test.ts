import { describe, expect, it } from 'vitest';
import { FNV_OFFSET_BASIS, fnv1a } from '../../src/domain/hash.js';

describe('fnv1a', () => {
  it('matches the published FNV-1a 32-bit test vectors', () => {
    expect(fnv1a('')).toBe(0x811c9dc5);
    expect(fnv1a('a')).toBe(0xe40c292c);
    expect(fnv1a('foobar')).toBe(0xbf9cf968);
  });

  it('hashes parts in a row like their concatenation', () => {
    expect(fnv1a('bar', fnv1a('foo'))).toBe(fnv1a('foobar'));
    expect(fnv1a('foo', FNV_OFFSET_BASIS)).toBe(fnv1a('foo'));
  });
});
