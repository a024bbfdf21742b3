/**
 * Password hashing and the password policy.
 * Hashing: argon2id (RFC 9106) through @node-rs/argon2, behind {@link PasswordHasher} so a
 * PBKDF2-SM3 implementation (GB/T 39786-2021 §8.4 a) can replace it without touching callers.
 * Policy (GB/T 22239-2019 §8.1.4.1 a, as assessors apply it): at least 8 characters, at least
 * 3 of the 4 classes (upper case, lower case, digit, symbol), not equal to (or containing) the
 * user name, at most 128 characters.
 */
import { randomInt } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { AppError } from './errors.ts';

/** Hashes and verifies passwords. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hashed: string, password: string): Promise<boolean>;
}

/** argon2id with the library defaults (m=19456 KiB, t=2, p=1; OWASP minimum). */
export const argon2Hasher: PasswordHasher = {
  // The library's default algorithm is argon2id.
  hash: (password) => hash(password),
  verify: async (hashed, password) => {
    try {
      return await verify(hashed, password);
    } catch {
      return false;
    }
  },
};

/** A rule of the password policy that a candidate broke. */
export type PasswordRule = 'minLength' | 'maxLength' | 'classes' | 'notUsername' | 'sameAsCurrent';

/**
 * Checks a candidate password against the policy.
 * @returns the rules broken; empty when the password is acceptable.
 */
export function checkPasswordPolicy(password: string, username: string): PasswordRule[] {
  const broken: PasswordRule[] = [];
  if ([...password].length < 8) broken.push('minLength');
  if ([...password].length > 128) broken.push('maxLength');
  const classes = [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 3) broken.push('classes');
  const u = username.trim().toLowerCase();
  if (u && password.toLowerCase().includes(u)) broken.push('notUsername');
  return broken;
}

/** Chinese explanation of each rule, for the PASSWORD_POLICY error details. */
export const passwordRuleText: Record<PasswordRule, string> = {
  minLength: '至少 8 个字符',
  maxLength: '不超过 128 个字符',
  classes: '包含大写字母、小写字母、数字、符号中的至少 3 类',
  notUsername: '不得与用户名相同或包含用户名',
  sameAsCurrent: '新密码不得与当前密码相同',
};

/** Characters of generated passwords: no look-alikes (0/O, 1/l/I), no quotes or spaces. */
const GENERATED_CLASSES = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnopqrstuvwxyz', '23456789', '!#$%&*+-=?@^_~'] as const;

/**
 * A one-time random password that satisfies {@link checkPasswordPolicy} for `username`:
 * 16 characters drawn with `crypto.randomInt` (about 95 bits), at least one of each of the 4
 * classes. Shown once to the administrator, who hands it to the user; never stored in clear.
 */
export function generatePassword(username: string): string {
  const all = GENERATED_CLASSES.join('');
  for (;;) {
    const chars = GENERATED_CLASSES.map((c) => c[randomInt(c.length)]!);
    while (chars.length < 16) chars.push(all[randomInt(all.length)]!);
    for (let i = chars.length - 1; i > 0; i--) {
      const j = randomInt(i + 1);
      [chars[i], chars[j]] = [chars[j]!, chars[i]!];
    }
    const password = chars.join('');
    if (checkPasswordPolicy(password, username).length === 0) return password;
  }
}

/**
 * The policy check as an error: nothing when `password` is acceptable for `username`.
 * @throws {AppError} PASSWORD_POLICY whose message lists the broken rules in Chinese and whose
 *   `details.rules` holds each `{ rule, text }` (the shape of `POST /api/v1/auth/password`).
 */
export function assertPasswordPolicy(password: string, username: string, extra: PasswordRule[] = []): void {
  const broken = [...checkPasswordPolicy(password, username), ...extra];
  if (broken.length === 0) return;
  throw new AppError('PASSWORD_POLICY', `密码不符合密码策略：${broken.map((r) => passwordRuleText[r]).join('；')}`, {
    rules: broken.map((rule) => ({ rule, text: passwordRuleText[rule] })),
  });
}
