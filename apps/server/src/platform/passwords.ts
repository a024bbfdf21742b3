/**
 * Password hashing and the password policy.
 * Hashing: argon2id (RFC 9106) through @node-rs/argon2, behind {@link PasswordHasher} so a
 * PBKDF2-SM3 implementation (GB/T 39786-2021 §8.4 a) can replace it without touching callers.
 * Policy (GB/T 22239-2019 §8.1.4.1 a, as assessors apply it): at least 8 characters, at least
 * 3 of the 4 classes (upper case, lower case, digit, symbol), not equal to (or containing) the
 * user name, at most 128 characters.
 */
import { hash, verify } from '@node-rs/argon2';

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
