import { describe, expect, it } from 'vitest';
import { parseServiceArgs, SERVICE_USAGE } from '../../service/main.js';

describe('parseServiceArgs', () => {
  it('reads every option, with repeated tokens', () => {
    expect(
      parseServiceArgs([
        '--port', '8080', '--data-dir', '/tmp/x', '--token', 'a', '--token', 'b', '--seed', '1000', '--activity', '120',
        '--faults', '5xx=0.1,429=0.05', '--faults-all', '--admin-token', 'adm', '--retention-days', '30', '--host', '0.0.0.0', '--generator-seed', '7',
      ]),
    ).toEqual({
      port: 8080,
      dataDir: '/tmp/x',
      tokens: ['a', 'b'],
      seed: 1000,
      activity: 120,
      faults: '5xx=0.1,429=0.05',
      faultScope: 'all',
      adminToken: 'adm',
      retentionDays: 30,
      host: '0.0.0.0',
      generatorSeed: 7,
    });
  });

  it('needs a port, a data dir and a token', () => {
    expect(parseServiceArgs(['--port', '0', '--data-dir', 'd', '--token', 't'])).toEqual({ port: 0, dataDir: 'd', tokens: ['t'] });
    expect(() => parseServiceArgs(['--data-dir', 'd', '--token', 't'])).toThrow('--port is required');
    expect(() => parseServiceArgs(['--port', '1', '--token', 't'])).toThrow('--data-dir is required');
    expect(() => parseServiceArgs(['--port', '1', '--data-dir', 'd'])).toThrow('--token');
  });

  it('refuses bad values and unknown options, with the usage', () => {
    const base = ['--data-dir', 'd', '--token', 't'];
    for (const args of [
      ['--port', '70000', ...base],
      ['--port', 'http', ...base],
      ['--port', '1', ...base, '--seed', '-5'],
      ['--port', '1', ...base, '--seed', '1.5'],
      ['--port', '1', ...base, '--activity', 'fast'],
      ['--port', '1', ...base, '--faults', 'boom=1'],
      ['--port', '1', ...base, '--retention-days', '-1'],
      ['--port', '1', ...base, '--verbose'],
      ['--port', '1', ...base, 'extra'],
    ]) {
      expect(() => parseServiceArgs(args), args.join(' ')).toThrow(SERVICE_USAGE.split('\n')[0]!);
    }
  });
});
