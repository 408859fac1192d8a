import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redactText, redactValue } from '../../main/log-redaction.js';

const UUID = '3f2b8c1e-9a4d-4e7b-8c2a-1d5e6f7a8b9c';
const DIGIT_UUID = '12345678-1234-1234-1234-123456789012';

describe('redactText: personal data goes', () => {
  it.each([
    ['ada.lovelace+crm@example.co.uk', '[email]'],
    ['Sent to ADA@EXAMPLE.COM today', 'Sent to [email] today'],
  ])('e-mail %s', (input, expected) => {
    expect(redactText(input)).toBe(expected);
  });

  it.each(['+442079460958', '+1 (555) 123-4567', '+44 20 7946 0958', '(555) 123-4567', '555-123-4567', '020 7946 0958', '+49 30 1234567', '+33 1 23 45 67 89'])(
    'phone %s',
    (phone) => {
      expect(redactText(`call ${phone} now`)).toBe('call [phone] now');
    },
  );

  it('values of personal JSON keys, keeping the JSON valid', () => {
    const line = JSON.stringify({ id: UUID, firstName: 'Ada', lastName: "O'Brien", displayName: 'Ada O\'Brien "the first"', note: 'owes £5', version: 3 });
    const redacted = redactText(line);
    expect(JSON.parse(redacted)).toEqual({ id: UUID, firstName: '[redacted]', lastName: '[redacted]', displayName: '[redacted]', note: '[redacted]', version: 3 });
  });

  it('values of personal keys in util.inspect output and key=value pairs', () => {
    expect(redactText("{ id: 'c1', name: 'Ada Lovelace', text: \"It's me\", body: 'hi' }")).toBe(
      "{ id: 'c1', name: '[redacted]', text: \"[redacted]\", body: '[redacted]' }",
    );
    expect(redactText('phone=5551234567 name="Ada"')).toBe('phone=[redacted] name="[redacted]"');
  });

  it('keeps keys that only contain a personal word', () => {
    const line = '{"fileName":"workspace-20261129-120000-daily.db","methodName":"contacts.update","textLength":42,"hasEmail":true}';
    expect(redactText(line)).toBe(line);
  });
});

describe('redactText: secrets go', () => {
  it('bearer tokens and Authorization headers', () => {
    expect(redactText('Authorization: Bearer eyJhbGciOi.J9.abc-def_ghi')).toBe('Authorization: [redacted]');
    expect(redactText('headers {"authorization":"Bearer abc.def"}')).toBe('headers {"authorization":"[redacted]"}');
    expect(redactText('sent with Bearer sk_live_123456')).toBe('sent with Bearer [redacted]');
    expect(redactText('x-api-key: k-123')).toBe('x-api-key: [redacted]');
  });

  it('tokens and keys in query strings and key=value pairs', () => {
    expect(redactText('GET https://chat.example/v1/changes?since=12&token=abc123&limit=500')).toBe(
      'GET https://chat.example/v1/changes?since=12&token=[redacted]&limit=500',
    );
    expect(redactText('https://x.example/a?api_key=s3cr3t')).toBe('https://x.example/a?api_key=[redacted]');
    expect(redactText('token=abc apiKey: "xyz" password=hunter2')).toBe('token=[redacted] apiKey: "[redacted]" password=[redacted]');
  });

  it('keeps names that only contain a secret word', () => {
    expect(redactText('tokenCount=3 hasToken: true tokens 4')).toBe('tokenCount=3 hasToken: true tokens 4');
  });
});

describe('redactText: what is needed to debug stays', () => {
  it.each([
    '2026-11-29T12:00:00.000Z [info] [sync] pulled 500 changes in 1234 ms',
    `[ipc] contacts.update ${UUID} failed: conflict (code version_mismatch, path ["fields","email"])`,
    `contact ${DIGIT_UUID} merged into 0f1e2d3c-0000-4000-8000-000000000001`,
    '[main] the database worker did not close cleanly (timed-out)',
    'C:\\Users\\Public\\AppData\\Roaming\\Nexvio Contacts\\workspaces\\default.db',
    '/home/agent/.config/Nexvio Contacts/backups/workspace-20261129-120000-daily.db',
    'listening on 127.0.0.1:7901, service 192.168.100.200:8080, version 0.1.0, electron 39.2.3',
    'took 1733155200000 ms at 12:30:45 on 2026-11-29 12:30:45+01:00, 1024 bytes, 3 of 20000',
  ])('%s', (line) => {
    expect(redactText(line)).toBe(line);
  });
});

describe('redactText: properties', () => {
  const local = fc.stringMatching(/^[a-z][a-z0-9._+-]{0,15}$/);
  const domain = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}\.(com|org|co\.uk|io)$/);
  const noise = fc.stringMatching(/^[A-Za-z ,;()[\]{}]{0,30}$/);

  it('removes every e-mail address wherever it stands', () => {
    fc.assert(
      fc.property(noise, local, domain, noise, (before, user, host, after) => {
        const address = `${user}@${host}`;
        expect(redactText(`${before} ${address} ${after}`)).not.toContain(address);
      }),
    );
  });

  it('removes every E.164 number', () => {
    fc.assert(
      fc.property(noise, fc.stringMatching(/^\+[1-9]\d{7,14}$/), noise, (before, phone, after) => {
        expect(redactText(`${before} ${phone} ${after}`)).not.toContain(phone);
      }),
    );
  });

  it('never changes ISO timestamps, UUIDs and plain numbers', () => {
    const iso = fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }).map((date) => date.toISOString());
    fc.assert(
      fc.property(iso, fc.uuid(), fc.nat(), (time, id, count) => {
        const line = `${time} [info] contact ${id} has ${count} notes`;
        expect(redactText(line)).toBe(line);
      }),
    );
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        const once = redactText(text);
        expect(redactText(once)).toBe(once);
      }),
    );
  });
});

describe('redactValue', () => {
  it('replaces personal and secret fields at any depth and redacts every string', () => {
    const input = { method: 'contacts.create', input: { fields: { firstName: 'Ada', email: 'ada@example.com', tags: ['vip'] } }, token: 'abc', detail: 'from bob@example.com', count: 3 };
    expect(redactValue(input)).toEqual({
      method: 'contacts.create',
      input: { fields: { firstName: '[redacted]', email: '[redacted]', tags: ['vip'] } },
      token: '[redacted]',
      detail: 'from [email]',
      count: 3,
    });
    expect(input.input.fields.firstName).toBe('Ada');
  });

  it('turns an Error into redacted text with its code and path', () => {
    const error = Object.assign(new Error('no contact with e-mail ada@example.com'), { code: 'not_found', path: ['fields', 'email'] });
    const text = redactValue(error);
    expect(typeof text).toBe('string');
    expect(text).toContain('no contact with e-mail [email]');
    expect(text).toContain('"code":"not_found"');
    expect(text).toContain('"path":["fields","email"]');
  });

  it('survives cycles and deep nesting', () => {
    const cyclic: Record<string, unknown> = { id: 'c1' };
    cyclic['self'] = cyclic;
    expect(redactValue(cyclic)).toEqual({ id: 'c1', self: '[Circular]' });
    expect(JSON.stringify(redactValue({ a: { b: { c: { d: { e: { f: { g: 1 } } } } } } }))).toContain('[…]');
  });

  it('leaves numbers, booleans, null and dates as they are', () => {
    const date = new Date(0);
    expect(redactValue([1, true, null, undefined, date])).toEqual([1, true, null, undefined, date]);
  });
});
