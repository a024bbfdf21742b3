import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from '../src/env.ts';

describe('configuration', () => {
  it('when nothing is set, then PGlite under ./data/pglite on port 3000 with a 30-minute idle timeout', () => {
    const env = parseEnv({});
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.PGLITE_DIR.endsWith('/data/pglite')).toBe(true);
    expect(env.PORT).toBe(3000);
    expect(env.SESSION_IDLE_MINUTES).toBe(30);
    expect(env.LOGIN_MAX_FAILURES).toBe(5);
    expect(env.LOGIN_LOCK_MINUTES).toBe(15);
  });

  it('when several variables are wrong, then one error lists every one of them', () => {
    let error: EnvError | null = null;
    try {
      parseEnv({ PORT: 'eighty', DATABASE_URL: 'mysql://x', COOKIE_SECURE: 'maybe' });
    } catch (e) {
      error = e as EnvError;
    }
    expect(error).toBeInstanceOf(EnvError);
    expect(error!.problems.map((p) => p.split(':')[0]).sort()).toEqual(['COOKIE_SECURE', 'DATABASE_URL', 'PORT']);
  });

  it('when DATABASE_URL is a PostgreSQL URL and values have spaces, then they are trimmed and accepted', () => {
    const env = parseEnv({ DATABASE_URL: ' postgres://u@127.0.0.1:5432/cp ', PORT: ' 8080 ', COOKIE_SECURE: 'true' });
    expect(env.DATABASE_URL).toBe('postgres://u@127.0.0.1:5432/cp');
    expect(env.PORT).toBe(8080);
    expect(env.COOKIE_SECURE).toBe(true);
  });
});
