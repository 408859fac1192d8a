import { describe, expect, it } from 'vitest';
import { LineBuffer, MAX_LINE_LENGTH } from '../../main/output-lines.js';

describe('LineBuffer', () => {
  it('gives whole lines, holding a partial one until its end arrives', () => {
    const lines = new LineBuffer();
    expect(lines.push('[backup] the daily copy fai')).toEqual([]);
    expect(lines.push(Buffer.from('led: ENOSPC\n[sync] ok\r\nnext'))).toEqual(['[backup] the daily copy failed: ENOSPC', '[sync] ok']);
    expect(lines.push(' line\n')).toEqual(['next line']);
  });

  it('skips blank lines and cuts a runaway line', () => {
    const lines = new LineBuffer();
    expect(lines.push('\n\n  \n')).toEqual([]);
    const [cut] = lines.push('x'.repeat(MAX_LINE_LENGTH + 10));
    expect(cut?.length).toBe(MAX_LINE_LENGTH + 1);
    expect(lines.push('\n')).toEqual([]);
  });

  it('keeps multi-byte characters split across chunks whole', () => {
    const lines = new LineBuffer();
    const bytes = Buffer.from('Zoë ok\n');
    // "ë" is two bytes: split the chunk between them.
    expect(lines.push(bytes.subarray(0, 3))).toEqual([]);
    expect(lines.push(bytes.subarray(3))).toEqual(['Zoë ok']);
  });
});
