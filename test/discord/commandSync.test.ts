import { describe, expect, it } from 'vitest';
import { commandsDiffer } from '../../src/discord/commandSync.js';
import { commands } from '../../src/discord/commands/index.js';

const wanted = commands.map((c) => c.data.toJSON());

/** What Discord sends back: ids, versions, explicit defaults, localisations. */
function asRegistered(body: unknown): unknown {
  const withDefaults = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(withDefaults);
    if (value === null || typeof value !== 'object') return value;
    const copy: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) copy[k] = withDefaults(v);
    if ('description' in copy && 'type' in copy && !('required' in copy)) copy.required = false;
    return copy;
  };
  return {
    id: '1',
    application_id: '2',
    version: '3',
    nsfw: false,
    name_localizations: null,
    ...(withDefaults(body) as object),
  };
}

describe('commandsDiffer', () => {
  it('the same definitions as Discord returns them are not a difference', () => {
    expect(commandsDiffer(wanted.map(asRegistered), wanted)).toBe(false);
  });

  it('order does not matter', () => {
    expect(commandsDiffer([...wanted].reverse().map(asRegistered), wanted)).toBe(false);
  });

  it('a changed description, a missing command or a changed option is a difference', () => {
    const changed = wanted.map((c) => (c.name === 'help' ? { ...c, description: 'old text' } : c));
    expect(commandsDiffer(changed.map(asRegistered), wanted)).toBe(true);
    expect(commandsDiffer(wanted.slice(1).map(asRegistered), wanted)).toBe(true);
    expect(commandsDiffer([], wanted)).toBe(true);
  });

  it('every definition stays within Discord limits', () => {
    for (const c of wanted) {
      expect(c.name).toMatch(/^[a-z]{1,32}$/);
      expect(c.description.length).toBeLessThanOrEqual(100);
    }
  });
});
