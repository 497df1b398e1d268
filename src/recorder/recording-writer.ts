/**
 * Appends exchanges to a recording file so that it is a complete, valid
 * recording after every exchange: the header and the `exchanges:` key go out
 * with the first exchange, then each exchange is one whole `  - …` list item,
 * written with one write and fsync'd. A crash keeps everything captured before
 * it; a session that captured nothing leaves no file.
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { ScimctlError } from '../core/errors.js';
import { schemaUrl } from '../runner/load/validators.js';
import { captureExchange } from './capture-exchange.js';
import { describeLinks, IdentifierLinks } from './identifier-links.js';
import type { RawExchange, RecordedExchangeDoc, RecordingHeader } from './recording-doc.js';
import { createRecordingRedactor, type RecordingRedactor } from './recording-redactor.js';

export interface RecordingWriterOptions {
  /** Replace an existing file instead of refusing. */
  overwrite?: boolean;
  /** Extra field and header names to redact (`--redact`). */
  redact?: readonly string[];
}

// Multi-line strings as quoted scalars: every line of an item can then be indented alike.
const YAML_OPTIONS = { lineWidth: 0, blockQuote: false } as const;

export class RecordingWriter {
  readonly file: string;
  private readonly header: RecordingHeader;
  private readonly redactor: RecordingRedactor;
  private readonly links = new IdentifierLinks();
  private fd: number | undefined;
  private count = 0;

  constructor(file: string, header: RecordingHeader, options: RecordingWriterOptions = {}) {
    if (!options.overwrite && existsSync(file)) {
      throw new ScimctlError('USAGE', `\`${file}\` already exists; choose another --out or pass --force to replace it`);
    }
    this.file = file;
    this.header = { ...header, basePath: header.basePath.replace(/\/+$/, '') || '/' };
    this.redactor = createRecordingRedactor(options.redact);
  }

  get exchanges(): number {
    return this.count;
  }

  get basePath(): string {
    return this.header.basePath;
  }

  /** Before the first exchange is written, the IdP can still be named (from its User-Agent). */
  setIdpIfUnknown(idp: RecordingHeader['idp']): void {
    if (this.fd === undefined && this.header.idp === undefined && idp !== undefined) this.header.idp = idp;
  }

  /** Capture, redact, annotate and append one exchange; returns what was written. */
  append(raw: RawExchange): RecordedExchangeDoc {
    const base = this.header.basePath === '/' ? '' : this.header.basePath;
    const doc = captureExchange(raw, base, this.count + 1, this.redactor);
    const note = describeLinks(this.links.uses(doc.request));
    const entry: RecordedExchangeDoc = { id: doc.id, ...(note ? { note } : {}), request: doc.request, response: doc.response };
    this.links.learn(doc.id ?? '', doc.response);
    const item = stringify([entry], YAML_OPTIONS)
      .split('\n')
      .map((line) => (line === '' ? line : `  ${line}`))
      .join('\n');
    this.write(this.fd === undefined ? this.headerText() + item : item);
    this.count += 1;
    return entry;
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private headerText(): string {
    const lines = ['# Recorded by scimctl; secrets are <redacted>. Replay it: scimctl scaffold <this file>, then scimctl test.'];
    const schema = relative(dirname(this.file), fileURLToPath(schemaUrl('recording'))).split('\\').join('/');
    lines.unshift(`# yaml-language-server: $schema=${schema}`);
    const { name, description, idp, source, basePath } = this.header;
    const head = { kind: 'recording', version: 1, name, ...(description ? { description } : {}), ...(idp ? { idp } : {}), ...(source ? { source } : {}), basePath };
    return `${lines.join('\n')}\n${stringify(head, YAML_OPTIONS)}exchanges:\n`;
  }

  private write(text: string): void {
    if (this.fd === undefined) {
      mkdirSync(dirname(this.file), { recursive: true });
      this.fd = openSync(this.file, 'w');
    }
    const bytes = Buffer.from(text, 'utf8');
    let off = 0;
    while (off < bytes.length) off += writeSync(this.fd, bytes, off);
    fsyncSync(this.fd);
  }
}
