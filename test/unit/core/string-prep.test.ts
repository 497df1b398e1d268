import { describe, expect, it } from 'vitest';
import { prepareCaseless } from '../../../src/core/string-prep.js';

describe('prepareCaseless (RFC 7644 §5, §7.8; PRECIS UsernameCaseMapped, RFC 8265 §3.4)', () => {
  it('maps full-width and half-width forms to their narrow/wide equivalents', () => {
    expect(prepareCaseless('\uFF42\uFF4A\uFF45\uFF4E\uFF53\uFF45\uFF4E')).toBe('bjensen');
    expect(prepareCaseless('\uFF21\uFF4C\uFF49\uFF43\uFF45\uFF20\uFF45\uFF58\uFF0E\uFF43\uFF4F\uFF4D')).toBe('alice@ex.com');
    expect(prepareCaseless('\uFF76\uFF9E')).toBe('\u30AC'); // half-width katakana GA → full-width ガ
    expect(prepareCaseless('a\u3000b')).toBe('a b');
  });
  it('folds case and composes to NFC', () => {
    expect(prepareCaseless('BJensen')).toBe('bjensen');
    expect(prepareCaseless('Jose\u0301')).toBe(prepareCaseless('Jos\u00E9'));
    expect(prepareCaseless('JOSÉ')).toBe('josé');
  });
  it('leaves other compatibility forms alone (PRECIS maps width only)', () => {
    expect(prepareCaseless('\uFB01le')).toBe('\uFB01le'); // the ﬁ ligature is not width
    expect(prepareCaseless('x\u00B2')).toBe('x\u00B2');
  });
});
