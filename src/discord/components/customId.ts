import { z } from 'zod';
import { STAGE_IDS, type StageId } from '../../domain/stages.js';
import { LIMITS } from '../../services/limits.js';

/**
 * Every button and modal the bot makes, as a discriminated union. The id carries all a handler needs,
 * so buttons keep working days later and after a restart; ownership is checked against the database.
 */
export type CustomId =
  | { readonly kind: 'offer'; readonly catId: number; readonly from: StageId; readonly accept: boolean }
  | {
      readonly kind: 'removeCat';
      readonly ownerId: string;
      readonly catId: number;
      readonly confirm: boolean;
    }
  | { readonly kind: 'deleteData'; readonly ownerId: string; readonly confirm: boolean }
  | { readonly kind: 'checkInLog'; readonly ownerId: string; readonly catId: number | null }
  | { readonly kind: 'checkInSkip'; readonly ownerId: string }
  | { readonly kind: 'checkInPause'; readonly ownerId: string }
  | { readonly kind: 'checkInForm'; readonly ownerId: string; readonly catId: number | null }
  /** "Log it" under a session timer's "time is up": the log form for that cat, with the minutes filled in. */
  | { readonly kind: 'timerLog'; readonly ownerId: string; readonly catId: number; readonly minutes: number };

const snowflake = z.string().regex(/^\d{1,20}$/);
const id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const flag = z.enum(['0', '1']).transform((v) => v === '1');
const stageIndex = z.coerce
  .number()
  .int()
  .min(0)
  .max(STAGE_IDS.length - 1)
  .transform((i) => STAGE_IDS[i] ?? STAGE_IDS[0]);
const optionalCat = z.union([z.literal('-').transform(() => null), id]);
const minutes = z.coerce.number().int().min(1).max(LIMITS.maxMinutes);

// Short prefixes keep ids far below Discord's 100-character limit.
const decoders = {
  of: z
    .tuple([id, stageIndex, flag])
    .transform(([catId, from, accept]) => ({ kind: 'offer' as const, catId, from, accept })),
  rc: z
    .tuple([snowflake, id, flag])
    .transform(([ownerId, catId, confirm]) => ({ kind: 'removeCat' as const, ownerId, catId, confirm })),
  dd: z
    .tuple([snowflake, flag])
    .transform(([ownerId, confirm]) => ({ kind: 'deleteData' as const, ownerId, confirm })),
  cl: z
    .tuple([snowflake, optionalCat])
    .transform(([ownerId, catId]) => ({ kind: 'checkInLog' as const, ownerId, catId })),
  cs: z.tuple([snowflake]).transform(([ownerId]) => ({ kind: 'checkInSkip' as const, ownerId })),
  cp: z.tuple([snowflake]).transform(([ownerId]) => ({ kind: 'checkInPause' as const, ownerId })),
  cf: z
    .tuple([snowflake, optionalCat])
    .transform(([ownerId, catId]) => ({ kind: 'checkInForm' as const, ownerId, catId })),
  tl: z
    .tuple([snowflake, id, minutes])
    .transform(([ownerId, catId, minutes]) => ({ kind: 'timerLog' as const, ownerId, catId, minutes })),
} satisfies Record<string, z.ZodType<CustomId>>;

const bit = (b: boolean) => (b ? '1' : '0');

/** Encodes an id as `prefix:part:part`, always ≤ 100 characters. */
export function encodeCustomId(value: CustomId): string {
  switch (value.kind) {
    case 'offer':
      return `of:${value.catId}:${STAGE_IDS.indexOf(value.from)}:${bit(value.accept)}`;
    case 'removeCat':
      return `rc:${value.ownerId}:${value.catId}:${bit(value.confirm)}`;
    case 'deleteData':
      return `dd:${value.ownerId}:${bit(value.confirm)}`;
    case 'checkInLog':
      return `cl:${value.ownerId}:${value.catId ?? '-'}`;
    case 'checkInSkip':
      return `cs:${value.ownerId}`;
    case 'checkInPause':
      return `cp:${value.ownerId}`;
    case 'checkInForm':
      return `cf:${value.ownerId}:${value.catId ?? '-'}`;
    case 'timerLog':
      return `tl:${value.ownerId}:${value.catId}:${value.minutes}`;
  }
}

/** Decodes an id; anything malformed or unknown (old versions, tampering) is null. */
export function decodeCustomId(raw: string): CustomId | null {
  if (raw.length > 100) return null;
  const [prefix, ...parts] = raw.split(':');
  if (prefix === undefined || !Object.hasOwn(decoders, prefix)) return null;
  const parsed = decoders[prefix as keyof typeof decoders].safeParse(parts);
  return parsed.success ? parsed.data : null;
}
