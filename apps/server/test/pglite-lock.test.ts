/**
 * The PGlite folder lock (db/client.ts `lockDataDir`): one process per folder, a dead owner's lock
 * taken over, and a lock copied along with the folder (another path) not mistaken for a live one; a
 * takeover guard left by a dead process, by this very pid (a restarted pid 1 in a container) or
 * by a live pid long ago (pid reuse); a fresh guard of another process kept when it replaces the
 * stale one being removed; and another process taking over the same stale lock while this one is
 * at it (this one is refused).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { lockDataDir } from '../src/db/client.ts';

describe('PGlite folder lock', () => {
  let dir: string;
  let lockFile: string;
  // A process that is certainly alive and is not this one: the test runner's parent.
  const livePid = process.ppid;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpaudit-lock-'));
    lockFile = path.join(dir, '.cpaudit.lock');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('when the folder is free, then the lock holds this pid and the real path, and release removes it', () => {
    const release = lockDataDir(dir);
    const st = fs.statSync(dir);
    expect(fs.readFileSync(lockFile, 'utf8')).toBe(`${process.pid}\n${fs.realpathSync(dir)}\n${st.dev}:${st.ino}\n`);
    release();
    expect(fs.existsSync(lockFile)).toBe(false);
  });

  it('when a live process holds the lock for this path, then opening is refused naming that pid, and the lock is untouched', () => {
    const held = `${livePid}\n${fs.realpathSync(dir)}\n`;
    fs.writeFileSync(lockFile, held);
    expect(() => lockDataDir(dir)).toThrow(`is in use by process ${livePid}`);
    expect(fs.readFileSync(lockFile, 'utf8')).toBe(held);
  });

  it('when the lock is of the older one-line form with a live pid, then opening is refused', () => {
    fs.writeFileSync(lockFile, String(livePid));
    expect(() => lockDataDir(dir)).toThrow(`process ${livePid}`);
  });

  it('when the lock was written for another path (the folder was copied with it), then it is taken over', () => {
    fs.writeFileSync(lockFile, `${livePid}\n/work/somewhere/else/data\n1:2\n`);
    const release = lockDataDir(dir);
    expect(fs.readFileSync(lockFile, 'utf8').split('\n').slice(0, 2)).toEqual([String(process.pid), fs.realpathSync(dir)]);
    release();
  });

  it('when the lock names another path but the device and inode of this folder (a bind mount), then opening is refused', () => {
    const st = fs.statSync(dir);
    fs.writeFileSync(lockFile, `${livePid}\n/mnt/elsewhere/data\n${st.dev}:${st.ino}\n`);
    expect(() => lockDataDir(dir)).toThrow(`process ${livePid}`);
  });

  it('when the owner is gone, then the lock is taken over; a release after another process took it leaves its lock', () => {
    // Above the pid_max of Linux (4,194,304): no such process.
    fs.writeFileSync(lockFile, `99999999\n${fs.realpathSync(dir)}\n`);
    const release = lockDataDir(dir);
    expect(fs.readFileSync(lockFile, 'utf8').split('\n')[0]).toBe(String(process.pid));
    const other = `${livePid}\n${fs.realpathSync(dir)}\n`;
    fs.writeFileSync(lockFile, other);
    release();
    expect(fs.readFileSync(lockFile, 'utf8')).toBe(other);
  });

  it('when a takeover guard was left by a dead process, then it is removed and the stale lock taken over', () => {
    fs.writeFileSync(lockFile, `99999999\n${fs.realpathSync(dir)}\n`);
    fs.writeFileSync(`${lockFile}.takeover`, `99999998\n${fs.realpathSync(dir)}\n`);
    const release = lockDataDir(dir);
    expect(fs.readFileSync(lockFile, 'utf8').split('\n')[0]).toBe(String(process.pid));
    expect(fs.readdirSync(dir).sort()).toEqual(['.cpaudit.lock']);
    release();
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('when another process takes over the same stale lock between this one reading it and acting on it, then this one is refused naming that process', () => {
    const stale = `99999999\n${fs.realpathSync(dir)}\n`;
    const theirs = `${livePid}\n${fs.realpathSync(dir)}\n`;
    fs.writeFileSync(lockFile, stale);
    // The other taker's move, played right after this process has read the stale lock: the stale
    // lock goes and its own live lock takes its place.
    const read = fs.readFileSync;
    let played = false;
    const spy = vi.spyOn(fs, 'readFileSync').mockImplementation(((...args: Parameters<typeof read>) => {
      const text = read(...args);
      if (!played && String(text) === stale) {
        played = true;
        fs.rmSync(lockFile);
        fs.writeFileSync(lockFile, theirs);
      }
      return text;
    }) as typeof read);
    try {
      expect(() => lockDataDir(dir)).toThrow(`is in use by process ${livePid}`);
    } finally {
      spy.mockRestore();
    }
    expect(played).toBe(true);
    expect(fs.readFileSync(lockFile, 'utf8')).toBe(theirs);
    expect(fs.readdirSync(dir)).toEqual(['.cpaudit.lock']);
  });
  it('when a takeover guard holds this very pid (pid 1 restarted in a container after dying mid-takeover), then it is stale and the lock is taken at once', () => {
    fs.writeFileSync(lockFile, `99999999\n${fs.realpathSync(dir)}\n`);
    fs.writeFileSync(`${lockFile}.takeover`, `${process.pid}\n${fs.realpathSync(dir)}\n`);
    const t0 = Date.now();
    const release = lockDataDir(dir);
    expect(Date.now() - t0).toBeLessThan(500);
    expect(fs.readFileSync(lockFile, 'utf8').split('\n')[0]).toBe(String(process.pid));
    expect(fs.readdirSync(dir)).toEqual(['.cpaudit.lock']);
    release();
  });

  it('when a takeover guard names a live process but is a minute old (its pid reused), then it is stale and the lock is taken', () => {
    fs.writeFileSync(lockFile, `99999999\n${fs.realpathSync(dir)}\n`);
    const guard = `${lockFile}.takeover`;
    fs.writeFileSync(guard, `${livePid}\n${fs.realpathSync(dir)}\n`);
    const minuteAgo = new Date(Date.now() - 60_000);
    fs.utimesSync(guard, minuteAgo, minuteAgo);
    const release = lockDataDir(dir);
    expect(fs.readFileSync(lockFile, 'utf8').split('\n')[0]).toBe(String(process.pid));
    expect(fs.readdirSync(dir)).toEqual(['.cpaudit.lock']);
    release();
  });

  it('when another process replaces the dead guard with its own fresh one just before this one removes it, then the fresh guard is kept and this one is refused after waiting', () => {
    const stale = `99999999\n${fs.realpathSync(dir)}\n`;
    fs.writeFileSync(lockFile, stale);
    const guard = `${lockFile}.takeover`;
    fs.writeFileSync(guard, `99999998\n${fs.realpathSync(dir)}\n`);
    const theirs = `${livePid}\n${fs.realpathSync(dir)}\n`;
    // Their move, right before this process removes (or moves aside) the dead guard: the dead guard
    // goes and their live one takes its place (dated ahead so that it stays fresh during the wait).
    let played = false;
    const play = (p: unknown) => {
      if (played || String(p) !== guard) return;
      played = true;
      fs.unlinkSync(guard);
      fs.writeFileSync(guard, theirs);
      const later = new Date(Date.now() + 3_600_000);
      fs.utimesSync(guard, later, later);
    };
    const rm = fs.rmSync;
    const rename = fs.renameSync;
    const rmSpy = vi.spyOn(fs, 'rmSync').mockImplementation(((p: fs.PathLike, o?: fs.RmOptions) => (play(p), rm(p, o))) as typeof rm);
    const renameSpy = vi.spyOn(fs, 'renameSync').mockImplementation(((a: fs.PathLike, b: fs.PathLike) => (play(a), rename(a, b))) as typeof rename);
    try {
      expect(() => lockDataDir(dir)).toThrow('kept taking it over');
    } finally {
      rmSpy.mockRestore();
      renameSpy.mockRestore();
    }
    expect(played).toBe(true);
    expect(fs.readFileSync(guard, 'utf8')).toBe(theirs);
    expect(fs.readFileSync(lockFile, 'utf8')).toBe(stale);
    expect(fs.readdirSync(dir).sort()).toEqual(['.cpaudit.lock', '.cpaudit.lock.takeover']);
  });
});
