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

describe('configuration of the S3 document store and of SMTP', () => {
  it('when nothing is set, then the local folder and no SMTP (npm start needs none of these)', () => {
    const env = parseEnv({});
    expect([env.DOCUMENT_STORE, env.SMTP_HOST, env.S3_BUCKET, env.S3_REGION, env.S3_FORCE_PATH_STYLE, env.SMTP_SECURE]).toEqual(['local', undefined, undefined, 'us-east-1', false, false]);
  });

  it('when DOCUMENT_STORE=s3 lacks its bucket and keys, then each missing variable is named', () => {
    let error: EnvError | null = null;
    try {
      parseEnv({ DOCUMENT_STORE: 's3', S3_ENDPOINT: 'http://127.0.0.1:9000' });
    } catch (e) {
      error = e as EnvError;
    }
    expect(error!.problems).toEqual([
      'S3_BUCKET: required when DOCUMENT_STORE=s3',
      'S3_ACCESS_KEY_ID: required when DOCUMENT_STORE=s3',
      'S3_SECRET_ACCESS_KEY: required when DOCUMENT_STORE=s3',
    ]);
  });

  it('when SMTP_USER comes without SMTP_PASSWORD, or SMTP_PORT without SMTP_HOST, then the variable is named', () => {
    const problems = (source: Record<string, string>) => {
      try {
        parseEnv(source);
        return [];
      } catch (e) {
        return (e as EnvError).problems;
      }
    };
    expect(problems({ SMTP_HOST: 'smtp.example.gov.cn', SMTP_USER: 'u' })).toEqual(['SMTP_PASSWORD: required when SMTP_USER is set']);
    expect(problems({ SMTP_PORT: '25' })).toEqual(['SMTP_PORT: set SMTP_HOST too (without it e-mails are only logged)']);
    expect(problems({ SMTP_HOST: 'smtp.example.gov.cn', SMTP_FROM: 'not an address' })[0]).toMatch(/^SMTP_FROM: /);
    expect(problems({ SMTP_HOST: 'smtp.example.gov.cn', SMTP_PORT: '465', SMTP_SECURE: 'true', SMTP_FROM: '清洁生产审核 <cp@example.gov.cn>' })).toEqual([]);
    // Listed together with the problems of other variables.
    expect(problems({ PORT: 'x', DOCUMENT_STORE: 's3', S3_BUCKET: 'cpaudit-docs', S3_ACCESS_KEY_ID: 'k' }).map((p) => p.split(':')[0])).toEqual(['PORT', 'S3_SECRET_ACCESS_KEY']);
  });
});
