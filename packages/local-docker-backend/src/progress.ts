import type Docker from 'dockerode';

/**
 * Waits for an engine progress stream (`docker pull`, `docker import`) to end. The engine reports a
 * failure inside the stream (an `error` entry) with a 200 status, so the entries are checked too.
 */
export function awaitProgress(docker: Docker, stream: NodeJS.ReadableStream): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(stream, (err: Error | null, output: Array<{ error?: string }>) => {
      const failed = output?.find((o) => o.error);
      if (err) reject(err);
      else if (failed) reject(new Error(failed.error));
      else resolve();
    });
  });
}
