import { describe, expect, it } from 'vitest';
import { isTrustedSender, type SenderFacts, type TrustedWindowFacts } from '../../main/sender.js';

const trusted: TrustedWindowFacts = { webContentsId: 1, mainFrame: { processId: 7, routingId: 3 } };
const fromMainFrame: SenderFacts = { webContentsId: 1, frame: { url: 'app://nexvio/index.html', processId: 7, routingId: 3 } };

describe('isTrustedSender', () => {
  it('trusts the main frame of our window on the app origin', () => {
    expect(isTrustedSender(fromMainFrame, trusted)).toBe(true);
  });

  it.each<[string, SenderFacts]>([
    ['another window', { ...fromMainFrame, webContentsId: 2 }],
    ['a subframe (other routing id)', { webContentsId: 1, frame: { url: 'app://nexvio/index.html', processId: 7, routingId: 4 } }],
    ['an out-of-process subframe', { webContentsId: 1, frame: { url: 'app://nexvio/index.html', processId: 8, routingId: 3 } }],
    ['a page that navigated away', { webContentsId: 1, frame: { url: 'https://example.com/', processId: 7, routingId: 3 } }],
    ['a look-alike origin', { webContentsId: 1, frame: { url: 'app://nexvio.evil/', processId: 7, routingId: 3 } }],
    ['a file page', { webContentsId: 1, frame: { url: 'file:///tmp/index.html', processId: 7, routingId: 3 } }],
    ['a disposed frame', { webContentsId: 1, frame: null }],
  ])('refuses %s', (_name, sender) => {
    expect(isTrustedSender(sender, trusted)).toBe(false);
  });

  it('refuses everything while no window exists', () => {
    expect(isTrustedSender(fromMainFrame, null)).toBe(false);
  });
});
