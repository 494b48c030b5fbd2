/** Forms (modals) the bot opens, filled in at the prompt one field at a time. */
import type { Terminal } from './terminal.js';

interface ModalField {
  readonly customId: string;
  readonly label: string;
  readonly description: string;
  readonly required: boolean;
  readonly value: string;
  readonly maxLength: number | undefined;
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {};
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? (v as unknown[]) : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The text inputs of a modal, in order (both the label (18) and the older action row (1) layouts). */
export function modalFields(modal: Json): ModalField[] {
  return arr(modal.components).flatMap((raw) => {
    const row = obj(raw);
    const input = row.type === 18 ? obj(row.component) : obj(arr(row.components)[0]);
    if (input.type !== 4) return [];
    return [
      {
        customId: str(input.custom_id),
        label: row.type === 18 ? str(row.label) : str(input.label),
        description: str(row.description),
        required: input.required !== false,
        value: str(input.value),
        maxLength: typeof input.max_length === 'number' ? input.max_length : undefined,
      },
    ];
  });
}

/** Asks for each field of the form; the values by custom id, or undefined when the form was closed. */
export async function askModal(modal: Json, terminal: Terminal): Promise<Record<string, string> | undefined> {
  const fields = modalFields(modal);
  terminal.say([
    '',
    terminal.b(`📝 The bot opened a form: ${str(modal.title)}`),
    terminal.d(
      '  Answer each field and press Enter (Enter alone keeps the [default] or skips an optional field; !cancel closes the form).',
    ),
  ]);
  const values: Record<string, string> = {};
  for (const field of fields) {
    const hint = [
      field.description,
      field.required ? 'required' : /optional/i.test(field.label) ? '' : 'optional',
      field.maxLength !== undefined ? `≤ ${field.maxLength} characters` : '',
    ]
      .filter((h) => h !== '')
      .join(', ');
    for (;;) {
      const answer = await terminal.ask(
        `  ${field.label} ${terminal.d(`(${hint})`)}${field.value !== '' ? ` [${field.value}]` : ''}: `,
      );
      if (answer === undefined || answer.trim() === '!cancel') {
        terminal.say(terminal.d('Form closed without sending.'));
        return undefined;
      }
      const value = answer.trim() === '' ? field.value : answer.trim();
      if (field.required && value === '') {
        terminal.say(terminal.d('  This one is required.'));
        continue;
      }
      if (field.maxLength !== undefined && value.length > field.maxLength) {
        terminal.say(terminal.d(`  At most ${field.maxLength} characters, please.`));
        continue;
      }
      values[field.customId] = value;
      break;
    }
  }
  return values;
}
