import * as z from 'zod/mini';
import { asArray, asObject, asString, isObject, type JsonObject } from './json.js';

/** One problem with a request body, in both zod's and Discord's vocabulary. */
export interface BodyIssue {
  path: (string | number)[];
  code: string;
  message: string;
}

export type BodyKind =
  | 'messageCreate'
  | 'messageEdit'
  | 'interactionCallback'
  | 'webhookExecute'
  | 'webhookEdit'
  | 'commandCreate'
  | 'commandEdit'
  | 'commandBulkOverwrite'
  | 'dmCreate';

type Schema = z.ZodMiniType;
type SchemaModule = Record<string, Schema | undefined>;

let schemasPromise: Promise<SchemaModule> | undefined;

/** discord-api-spec ships its zod schemas as untyped JS; a computed specifier keeps tsc from demanding types. */
async function loadSchemas(): Promise<SchemaModule> {
  const specifier = 'discord-api-spec/zod';
  schemasPromise ??= import(specifier).then((mod: unknown) => mod as SchemaModule);
  return schemasPromise;
}

function schemaNamed(mod: SchemaModule, name: string): Schema {
  const schema = mod[name];
  if (!schema) throw new Error(`discord-api-spec/zod has no export ${name}`);
  return schema;
}

const CALLBACK_SCHEMAS: Record<number, string> = {
  1: 'PongInteractionCallbackRequestSchema',
  4: 'CreateMessageInteractionCallbackRequestSchema',
  5: 'CreateMessageInteractionCallbackRequestSchema',
  6: 'UpdateMessageInteractionCallbackRequestSchema',
  7: 'UpdateMessageInteractionCallbackRequestSchema',
  8: 'ApplicationCommandAutocompleteCallbackRequestSchema',
  9: 'ModalInteractionCallbackRequestSchema',
};

function issuesFrom(result: {
  success: boolean;
  error?: { issues: readonly z.core.$ZodIssue[] };
}): BodyIssue[] {
  if (result.success || !result.error) return [];
  return result.error.issues.map((issue) => ({
    path: issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
    code: issue.code,
    message: issue.message,
  }));
}

/**
 * The published spec types `default_member_permissions` as an integer, but Discord documents and accepts
 * a decimal string (what discord.js sends). Accept both, as Discord does: digits-only strings are read as numbers.
 */
function permissionsAsNumbers(body: unknown): unknown {
  const fix = (command: unknown): unknown => {
    if (command === null || typeof command !== 'object' || Array.isArray(command)) return command;
    const value = (command as Record<string, unknown>).default_member_permissions;
    return typeof value === 'string' && /^\d{1,16}$/.test(value)
      ? { ...command, default_member_permissions: Number(value) }
      : command;
  };
  return Array.isArray(body) ? body.map(fix) : fix(body);
}

/** Validates a JSON body against the discord-api-spec schema for the route, then Discord's hard limits. */
export async function validateBody(kind: BodyKind, rawBody: unknown): Promise<BodyIssue[]> {
  const mod = await loadSchemas();
  const body =
    kind === 'commandBulkOverwrite' || kind === 'commandCreate' || kind === 'commandEdit'
      ? permissionsAsNumbers(rawBody)
      : rawBody;
  let issues: BodyIssue[];
  switch (kind) {
    case 'interactionCallback': {
      const type = asObject(body).type;
      const name = typeof type === 'number' ? CALLBACK_SCHEMAS[type] : undefined;
      if (!name)
        return [
          { path: ['type'], code: 'INVALID_TYPE', message: `Unsupported callback type ${String(type)}` },
        ];
      issues = issuesFrom(z.safeParse(schemaNamed(mod, name), body));
      break;
    }
    case 'commandBulkOverwrite': {
      const item = schemaNamed(mod, 'ApplicationCommandUpdateRequestSchema');
      issues = issuesFrom(z.safeParse(z.array(item).check(z.maxLength(130)), body));
      break;
    }
    case 'webhookExecute': {
      issues = issuesFrom(z.safeParse(schemaNamed(mod, 'IncomingWebhookRequestPartialSchema'), body));
      break;
    }
    default: {
      const names: Record<
        Exclude<BodyKind, 'interactionCallback' | 'commandBulkOverwrite' | 'webhookExecute'>,
        string
      > = {
        messageCreate: 'MessageCreateRequestSchema',
        messageEdit: 'MessageEditRequestPartialSchema',
        webhookEdit: 'IncomingWebhookUpdateRequestPartialSchema',
        commandCreate: 'ApplicationCommandCreateRequestSchema',
        commandEdit: 'ApplicationCommandPatchRequestPartialSchema',
        dmCreate: 'CreatePrivateChannelRequestSchema',
      };
      issues = issuesFrom(z.safeParse(schemaNamed(mod, names[kind]), body));
    }
  }
  return [...issues, ...checkHardLimits(kind, body)];
}

function maxLen(issues: BodyIssue[], path: (string | number)[], value: unknown, max: number): void {
  const s = asString(value);
  if (s !== undefined && s.length > max) {
    issues.push({ path, code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${max} or fewer in length.` });
  }
}

function maxItems(issues: BodyIssue[], path: (string | number)[], value: unknown, max: number): void {
  if (Array.isArray(value) && value.length > max) {
    issues.push({ path, code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${max} or fewer in length.` });
  }
}

function checkEmbeds(issues: BodyIssue[], base: (string | number)[], embeds: unknown): void {
  maxItems(issues, [...base, 'embeds'], embeds, 10);
  let total = 0;
  asArray(embeds).forEach((raw, i) => {
    const e = asObject(raw);
    const p = [...base, 'embeds', i];
    maxLen(issues, [...p, 'title'], e.title, 256);
    maxLen(issues, [...p, 'description'], e.description, 4096);
    const footer = asObject(e.footer);
    const author = asObject(e.author);
    maxLen(issues, [...p, 'footer', 'text'], footer.text, 2048);
    maxLen(issues, [...p, 'author', 'name'], author.name, 256);
    maxItems(issues, [...p, 'fields'], e.fields, 25);
    total += (asString(e.title) ?? '').length + (asString(e.description) ?? '').length;
    total += (asString(footer.text) ?? '').length + (asString(author.name) ?? '').length;
    asArray(e.fields).forEach((rawField, j) => {
      const f = asObject(rawField);
      maxLen(issues, [...p, 'fields', j, 'name'], f.name, 256);
      maxLen(issues, [...p, 'fields', j, 'value'], f.value, 1024);
      total += (asString(f.name) ?? '').length + (asString(f.value) ?? '').length;
    });
  });
  if (total > 6000) {
    issues.push({
      path: [...base, 'embeds'],
      code: 'MAX_EMBED_SIZE_EXCEEDED',
      message: 'Embed size exceeds maximum size of 6000',
    });
  }
}

function checkComponents(
  issues: BodyIssue[],
  base: (string | number)[],
  components: unknown,
  modal: boolean,
): void {
  const rows = asArray(components);
  const isLegacy = rows.every((r) => asObject(r).type === 1);
  if (isLegacy && !modal) maxItems(issues, [...base, 'components'], components, 5);
  const walk = (node: unknown, path: (string | number)[]): void => {
    const c = asObject(node);
    maxLen(issues, [...path, 'custom_id'], c.custom_id, 100);
    maxLen(issues, [...path, 'label'], c.label, modal ? 45 : 80);
    maxLen(issues, [...path, 'placeholder'], c.placeholder, 150);
    if (c.type === 1) {
      const children = asArray(c.components);
      const buttons = children.filter((child) => asObject(child).type === 2).length;
      if (buttons > 5)
        issues.push({
          path: [...path, 'components'],
          code: 'BASE_TYPE_MAX_LENGTH',
          message: 'Must be 5 or fewer in length.',
        });
    }
    asArray(c.components).forEach((child, i) => {
      walk(child, [...path, 'components', i]);
    });
    if (isObject(c.component)) walk(c.component, [...path, 'component']);
    if (isObject(c.accessory)) walk(c.accessory, [...path, 'accessory']);
  };
  rows.forEach((row, i) => {
    walk(row, [...base, 'components', i]);
  });
}

function checkMessageData(issues: BodyIssue[], base: (string | number)[], data: unknown): void {
  if (!isObject(data)) return;
  maxLen(issues, [...base, 'content'], data.content, 2000);
  checkEmbeds(issues, base, data.embeds);
  checkComponents(issues, base, data.components, false);
}

/** Limits Discord enforces that the generated schemas do not (or not tightly enough). */
export function checkHardLimits(kind: BodyKind, body: unknown): BodyIssue[] {
  const issues: BodyIssue[] = [];
  if (kind === 'interactionCallback') {
    const cb = asObject(body);
    const data = asObject(cb.data);
    if (cb.type === 8) {
      maxItems(issues, ['data', 'choices'], data.choices, 25);
      asArray(data.choices).forEach((raw, i) => {
        const choice = asObject(raw);
        maxLen(issues, ['data', 'choices', i, 'name'], choice.name, 100);
        maxLen(issues, ['data', 'choices', i, 'value'], choice.value, 100);
      });
    } else if (cb.type === 9) {
      maxLen(issues, ['data', 'title'], data.title, 45);
      maxLen(issues, ['data', 'custom_id'], data.custom_id, 100);
      checkComponents(issues, ['data'], data.components, true);
    } else {
      checkMessageData(issues, ['data'], cb.data);
    }
  } else if (
    kind === 'messageCreate' ||
    kind === 'messageEdit' ||
    kind === 'webhookExecute' ||
    kind === 'webhookEdit'
  ) {
    checkMessageData(issues, [], body);
  }
  return issues;
}

/** Discord's nested `errors` object: `{ content: { _errors: [{ code, message }] } }`. */
export function toDiscordErrors(issues: readonly BodyIssue[]): JsonObject {
  const root: JsonObject = {};
  for (const issue of issues) {
    let node = root;
    for (const key of issue.path) {
      const k = String(key);
      const existing = node[k];
      const next = isObject(existing) ? existing : {};
      node[k] = next;
      node = next;
    }
    const list = Array.isArray(node._errors) ? (node._errors as unknown[]) : [];
    list.push({ code: issue.code, message: issue.message });
    node._errors = list;
  }
  return root;
}
