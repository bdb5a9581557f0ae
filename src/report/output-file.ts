/**
 * Report files are written beside their final name and renamed into place when complete, so a reader
 * (a person, another system) never sees half a report. The file is created with its final mode: a
 * machine export holding whole ID numbers is never readable by others, not even for a moment.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { chmod, rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';

export interface OutputFile {
  stream: WriteStream;
  /** Writes text, waiting when the stream asks to (memory stays flat for big files). */
  write(text: string): Promise<void>;
  /** Ends the stream, fixes the mode and moves the file into place. */
  done(): Promise<void>;
  fail(): Promise<void>;
}

export function openOutput(path: string, mode: number): OutputFile {
  const temp = `${path}.${randomBytes(4).toString('hex')}.part`;
  const stream = createWriteStream(temp, { mode, flags: 'wx' });
  return {
    stream,
    async write(text) {
      if (!stream.write(text)) await once(stream, 'drain');
    },
    async done() {
      if (!stream.writableEnded) stream.end();
      if (!stream.writableFinished) await once(stream, 'finish');
      await chmod(temp, mode);
      await rename(temp, path);
    },
    async fail() {
      stream.destroy();
      await rm(temp, { force: true });
    },
  };
}

/** Runs `fill` against a fresh output file and puts it in place, or removes it when `fill` throws. */
export async function writeOutput(path: string, mode: number, fill: (out: OutputFile) => Promise<void>): Promise<void> {
  const out = openOutput(path, mode);
  try {
    await fill(out);
    await out.done();
  } catch (e) {
    await out.fail();
    throw e;
  }
}
