/**
 * Recordings (fixtures/): schema check, then the checks a schema cannot say
 * (paths under basePath, unique exchange ids).
 */
import type { Diagnostic, Result } from '../../core/errors.js';
import type { RecordedExchange, Recording } from '../types.js';
import { readYamlFile } from './read-yaml-file.js';
import type { YamlSource } from './yaml-source.js';

type Raw = Record<string, unknown>;

export function loadRecordingFile(file: string, cwd?: string): Result<Recording> {
  const read = readYamlFile(file, 'recording', cwd);
  if (!read.ok) return read;
  return buildRecording(read.source);
}

export function buildRecording(source: YamlSource): Result<Recording> {
  const data = source.data as Raw;
  const diagnostics: Diagnostic[] = [];
  const basePath = String(data['basePath']).replace(/\/+$/, '');
  const ids = new Set<string>();
  const exchanges: RecordedExchange[] = (data['exchanges'] as Raw[]).map((ex, i) => {
    const req = ex['request'] as Raw;
    const res = ex['response'] as Raw;
    const path = String(req['path']);
    const pathOnly = path.split('?')[0] ?? path;
    if (basePath !== '' && pathOnly !== basePath && !pathOnly.startsWith(`${basePath}/`)) {
      const span = source.spanOf(['exchanges', String(i), 'request', 'path']);
      diagnostics.push({
        code: 'RECORDING_INVALID',
        severity: 'error',
        message: `exchange ${i + 1} › request.path: \`${path}\` is not under basePath \`${basePath}\``,
        hint: 'every recorded path must start with basePath so replay can swap it for the target\'s base URL',
        pointer: ['exchanges', String(i), 'request', 'path'],
        ...(span ? { span } : {}),
      });
    }
    if (typeof ex['id'] === 'string') {
      if (ids.has(ex['id'])) {
        const span = source.spanOf(['exchanges', String(i), 'id']);
        diagnostics.push({
          code: 'RECORDING_INVALID',
          severity: 'error',
          message: `exchange ${i + 1} › id: \`${ex['id']}\` is used by an earlier exchange`,
          pointer: ['exchanges', String(i), 'id'],
          ...(span ? { span } : {}),
        });
      }
      ids.add(ex['id']);
    }
    const span = source.spanOf(['exchanges', String(i)]);
    const exchange: RecordedExchange = {
      index: i + 1,
      request: { method: String(req['method']), path, ...message(req) },
      response: { status: Number(res['status']), ...message(res) },
    };
    if (typeof ex['id'] === 'string') exchange.id = ex['id'];
    if (span) exchange.span = span;
    return exchange;
  });
  if (diagnostics.length > 0) return { ok: false, diagnostics };
  const recording: Recording = { name: String(data['name']), file: source.file, basePath, exchanges };
  if (typeof data['idp'] === 'string') recording.idp = data['idp'];
  if (typeof data['source'] === 'string') recording.source = data['source'];
  return { ok: true, value: recording };
}

function message(raw: Raw): { headers: Record<string, string>; hasBody: boolean; body?: unknown; bodyText?: string } {
  const out: { headers: Record<string, string>; hasBody: boolean; body?: unknown; bodyText?: string } = {
    headers: (raw['headers'] as Record<string, string> | undefined) ?? {},
    hasBody: 'body' in raw,
  };
  if ('body' in raw) out.body = raw['body'];
  if (typeof raw['bodyText'] === 'string') out.bodyText = raw['bodyText'];
  return out;
}
