import { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { UnsupportedFeatureError, throwIfAborted } from '@container-hook/core';
import { awaitProgress } from './progress.js';
import { tarFiles } from './tar.js';
import { BACKEND } from './unsupported.js';

/**
 * The group's shared network namespace. Kubernetes holds a pod's namespace with a pause container; we do
 * the same with a "sandbox" container per group: members join it (`NetworkMode: container:<sandbox>`), so
 * they reach each other on `localhost` and the namespace survives any member's exit or restart. Public
 * ports are published on the sandbox.
 *
 * No image can be assumed pullable, so the sandbox image is made offline: a ~130-byte static ELF that
 * waits forever in a signal-free syscall loop, put in a one-file image with `docker import`. As PID 1 of
 * its namespace it has no SIGTERM handler, so the kernel drops SIGTERM: remove it with force (SIGKILL).
 */
export const SANDBOX_IMAGE_VERSION = '1';
export const SANDBOX_IMAGE = `container-hook/sandbox:${SANDBOX_IMAGE_VERSION}`;

function elf64(machine: number, code: Buffer): Buffer {
  const base = 0x400000;
  const headerSize = 64 + 56;
  const total = headerSize + code.length;
  const b = Buffer.alloc(total, 0);
  b.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0], 0); // ELF, 64-bit, little endian, version 1, System V
  b.writeUInt16LE(2, 16); // ET_EXEC
  b.writeUInt16LE(machine, 18);
  b.writeUInt32LE(1, 20);
  b.writeBigUInt64LE(BigInt(base + headerSize), 24); // e_entry
  b.writeBigUInt64LE(64n, 32); // e_phoff
  b.writeBigUInt64LE(0n, 40); // e_shoff
  b.writeUInt32LE(0, 48); // e_flags
  b.writeUInt16LE(64, 52); // e_ehsize
  b.writeUInt16LE(56, 54); // e_phentsize
  b.writeUInt16LE(1, 56); // e_phnum
  // program header: one PT_LOAD, R+X, mapping the whole file
  b.writeUInt32LE(1, 64);
  b.writeUInt32LE(5, 68);
  b.writeBigUInt64LE(0n, 72);
  b.writeBigUInt64LE(BigInt(base), 80);
  b.writeBigUInt64LE(BigInt(base), 88);
  b.writeBigUInt64LE(BigInt(total), 96);
  b.writeBigUInt64LE(BigInt(total), 104);
  b.writeBigUInt64LE(0x1000n, 112);
  code.copy(b, headerSize);
  return b;
}

/**
 * The sandbox's `/pause` for an engine architecture (as `docker info` names it).
 * @throws {UnsupportedFeatureError} for an architecture other than x86_64 and aarch64.
 */
export function pauseBinary(architecture: string): Buffer {
  switch (architecture) {
    case 'x86_64':
    case 'amd64':
      // loop: mov eax, 34 (pause); syscall; jmp loop
      return elf64(0x3e, Buffer.from([0xb8, 0x22, 0x00, 0x00, 0x00, 0x0f, 0x05, 0xeb, 0xf7]));
    case 'aarch64':
    case 'arm64': {
      // arm64 has no pause(2): loop on ppoll(NULL, 0, NULL, NULL) (syscall 73). Not run on this project's
      // machines (x86_64 only); the encodings are the architecture manual's.
      const words = [0xd2800928, 0xd2800000, 0xd2800001, 0xd2800002, 0xd2800003, 0xd4000001, 0x17fffffa];
      const code = Buffer.alloc(words.length * 4);
      words.forEach((w, i) => code.writeUInt32LE(w, i * 4));
      return elf64(0xb7, code);
    }
    default:
      throw new UnsupportedFeatureError(BACKEND, 'engine.architecture', `the sandbox has no binary for the ${architecture} architecture (x86_64 and aarch64 only)`);
  }
}

/** The sandbox image's archive for `docker import`: just `/pause`. */
export function sandboxImageArchive(architecture: string): Buffer {
  return tarFiles([{ name: 'pause', content: pauseBinary(architecture), mode: 0o755 }]);
}

const ensuring = new WeakMap<Docker, Promise<void>>();

/** Makes the sandbox image if the engine lacks it (once per client; concurrent callers share the work). */
export function ensureSandboxImage(docker: Docker, abortSignal?: AbortSignal): Promise<void> {
  let p = ensuring.get(docker);
  if (!p) {
    p = makeSandboxImage(docker, abortSignal);
    ensuring.set(docker, p);
    p.catch(() => ensuring.delete(docker));
  }
  return p;
}

async function makeSandboxImage(docker: Docker, abortSignal?: AbortSignal): Promise<void> {
  throwIfAborted(abortSignal);
  try {
    await docker.getImage(SANDBOX_IMAGE).inspect({ abortSignal } as object);
    return;
  } catch (e) {
    if ((e as { statusCode?: number }).statusCode !== 404) throw e;
  }
  throwIfAborted(abortSignal);
  const info = (await docker.info()) as { Architecture?: string };
  const archive = sandboxImageArchive(info.Architecture ?? 'x86_64');
  const [repo, tag] = SANDBOX_IMAGE.split(':') as [string, string];
  const stream = await docker.importImage(Readable.from([archive]), {
    repo,
    tag,
    changes: ['CMD ["/pause"]', 'LABEL container-hook.created-by=container-hook'],
  } as object);
  await awaitProgress(docker, stream);
}
