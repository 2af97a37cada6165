/**
 * Reading and writing the files the emulator keeps in its state directory (keys, certificates, the
 * identity). Shared by `certificates.ts`, `identity.ts` and `token-service.ts`.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Creates the state directory, readable by its owner only (it holds private keys and a secret). */
export async function ensureStateDir(stateDir: string): Promise<void> {
  await mkdir(stateDir, { recursive: true, mode: 0o700 });
}

/** The file's text, or `undefined` when it does not exist. */
export async function readOptionalFile(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/**
 * Writes a file through a temporary sibling and a rename, so a reader (or a crash) never sees half a key.
 * `mode` applies from creation on: a private key is never readable by others, not even briefly.
 */
export async function writeFileAtomically(file: string, data: string, mode: number): Promise<void> {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temporary, data, { mode, flag: 'wx' });
    await rename(temporary, file);
  } catch (e) {
    await rm(temporary, { force: true });
    throw e;
  }
}
