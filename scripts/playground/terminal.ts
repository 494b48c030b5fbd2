/** The prompt: readline over the playground's streams, printing that does not trample the prompt. */
import { clearLine, createInterface, cursorTo, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { bold, dim } from './render.js';

export interface TerminalOptions {
  readonly input: Readable;
  readonly output: Writable & { isTTY?: boolean; columns?: number };
  /** Interactive terminal: prompt, Tab completion, ANSI. */
  readonly tty: boolean;
}

export type Completer = (line: string, callback: (err: null, result: [string[], string]) => void) => void;

export class Terminal {
  private rl!: Interface;
  private lines!: AsyncIterator<string>;
  private waiting = false;

  constructor(private readonly o: TerminalOptions) {}

  get tty(): boolean {
    return this.o.tty;
  }

  /** Starts reading lines; Ctrl-C at the prompt closes it. */
  open(completer: Completer | undefined): void {
    this.rl = createInterface({
      input: this.o.input,
      output: this.o.output,
      terminal: this.o.tty,
      historySize: 200,
      ...(completer !== undefined ? { completer } : {}),
    });
    this.lines = this.rl[Symbol.asyncIterator]();
    this.rl.on('SIGINT', () => {
      this.say('');
      this.rl.close();
    });
  }

  close(): void {
    this.rl.close();
  }

  /** Prints lines; while the prompt is waiting, clears it first and shows it again after. */
  say(lines: string | readonly string[], stream: Writable = this.o.output): void {
    const text = typeof lines === 'string' ? lines : lines.join('\n');
    if (this.o.tty && this.waiting) {
      clearLine(this.o.output, 0);
      cursorTo(this.o.output, 0);
    }
    stream.write(`${text}\n`);
    if (this.o.tty && this.waiting) this.rl.prompt(true);
  }

  b(s: string): string {
    return bold(s, this.o.tty);
  }

  d(s: string): string {
    return dim(s, this.o.tty);
  }

  /** The next line typed (echoed when input is piped), or undefined at the end of input. */
  async ask(prompt: string): Promise<string | undefined> {
    this.rl.setPrompt(prompt);
    if (this.o.tty) this.rl.prompt();
    this.waiting = true;
    const next = await this.lines.next();
    this.waiting = false;
    if (next.done === true) return undefined;
    if (!this.o.tty) this.o.output.write(`${prompt}${next.value}\n`);
    return next.value;
  }

  /** Replaces what is typed on the prompt line. */
  replaceLine(text: string): void {
    this.rl.write(null, { ctrl: true, name: 'u' });
    this.rl.write(text);
  }

  clearScreen(): void {
    this.o.output.write('\u001b[2J\u001b[H');
  }
}
