import { suggestSignals } from '../domain/suggestSignals.js';
import { searchTimeZones } from '../domain/timezones.js';

export interface Choice {
  readonly name: string;
  readonly value: string;
}

/** How many choices an autocomplete answer may hold, and how long each may be (the caller's transport decides). */
export interface ChoiceLimits {
  readonly choices: number;
  readonly length: number;
}
const SEPARATOR = /,|;|\band\b|\bthen\b/gi;

/**
 * Autocomplete for /log `what`: suggestions for the fragment after the last separator,
 * keeping what was typed before it, so an owner can build "sniffed, took a treat, ears flat" piece by piece.
 */
export function suggestWhat(typed: string, limits: ChoiceLimits): Choice[] {
  const max = limits.length;
  const text = typed.slice(0, 1000);
  let cut = 0;
  for (const match of text.matchAll(SEPARATOR)) cut = match.index + match[0].length;
  const before = text.slice(0, cut).trimEnd();
  const fragment = text.slice(cut).trim();
  const choices: Choice[] = [];
  const seen = new Set<string>();
  const add = (name: string, value: string) => {
    if (value.length === 0 || value.length > max || seen.has(value)) return;
    seen.add(value);
    choices.push({ name: name.length > max ? `${name.slice(0, max - 1)}…` : name, value });
  };
  // What was typed comes first, so Enter keeps it as written.
  if (text.trim() !== '') add(text.trim(), text.trim());
  const glue = before === '' ? '' : /[,;]$/.test(before) ? `${before} ` : `${before}, `;
  for (const signal of suggestSignals(fragment, limits.choices)) {
    const value = `${glue}${signal.label}`;
    add(`${value} — ${signal.severity}`, value);
    if (choices.length >= limits.choices) break;
  }
  return choices.slice(0, limits.choices);
}

/** Autocomplete for IANA time zones. */
export function suggestTimeZones(fragment: string, limits: ChoiceLimits): Choice[] {
  return searchTimeZones(fragment.slice(0, limits.length), limits.choices).map((tz) => ({
    name: tz,
    value: tz,
  }));
}
