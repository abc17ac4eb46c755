import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SLOT_BYTES, SLOTS, WriteBehind } from '../src/store/write-behind.js';
import { writeSynced } from '../src/store/write-file.js';
import { tempDir } from './helpers.js';

/** Parts of seeded sizes and contents, some crossing slots, one larger than every slot together. */
function partsOf(seed: number): Buffer[] {
  const parts: Buffer[] = [];
  let s = seed;
  const next = (): number => (s = (s * 1103515245 + 12345) >>> 0);
  for (let i = 0; i < 24; i++) {
    const part = Buffer.allocUnsafe(1 + (next() % (SLOT_BYTES + (SLOT_BYTES >> 1))));
    part.fill(next() & 255);
    for (let j = 0; j < part.length; j += 997) part[j] = next() & 255;
    parts.push(part);
  }
  parts.splice(5, 0, Buffer.alloc(SLOTS * SLOT_BYTES + 12345, 7), Buffer.alloc(0), Buffer.from('x'));
  return parts;
}

const sha1 = (buffers: Iterable<Uint8Array>): string => {
  const h = createHash('sha1');
  for (const b of buffers) h.update(b);
  return h.digest('hex');
};

describe('WriteBehind: a large file written on a second thread', function () {
  this.timeout(60_000);

  it('writes every part in order, on this thread at first and on the worker after', () => {
    const dir = tempDir();
    try {
      const parts = partsOf(7);
      const file = path.join(dir, 'out');
      const fd = fs.openSync(file, 'w');
      const writer = new WriteBehind(fd, { workerFromBytes: SLOT_BYTES });
      try {
        for (const p of parts) writer.write(p);
        assert.equal(writer.onWorker, true);
        writer.finish();
      } finally {
        fs.closeSync(fd);
      }
      const bytes = fs.readFileSync(file);
      assert.equal(
        bytes.length,
        parts.reduce((n, p) => n + p.length, 0),
      );
      assert.equal(sha1([bytes]), sha1(parts));
      assert.throws(() => writer.write(Buffer.from('late')), /write after finish/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a small file is written on this thread alone; writeSynced leaves the same bytes either way', () => {
    const dir = tempDir();
    try {
      const fd = fs.openSync(path.join(dir, 'small'), 'w');
      const writer = new WriteBehind(fd);
      writer.write(Buffer.from('几个字节'));
      writer.finish();
      fs.closeSync(fd);
      assert.equal(writer.onWorker, false);
      assert.equal(fs.readFileSync(path.join(dir, 'small'), 'utf8'), '几个字节');
      const parts = partsOf(11);
      writeSynced(path.join(dir, 'large'), (write) => parts.forEach(write));
      assert.equal(sha1([fs.readFileSync(path.join(dir, 'large'))]), sha1(parts));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the worker's failed write (a full device) is thrown here, with its code, and nothing hangs", function () {
    if (!fs.existsSync('/dev/full')) this.skip();
    const fd = fs.openSync('/dev/full', 'w');
    const writer = new WriteBehind(fd, { workerFromBytes: 0 });
    try {
      assert.throws(
        () => {
          for (const p of partsOf(3)) writer.write(p);
          writer.finish();
        },
        (err: NodeJS.ErrnoException) => err.code === 'ENOSPC' && /no space left on device/.test(err.message),
      );
      assert.equal(writer.onWorker, true);
    } finally {
      writer.abort();
      fs.closeSync(fd);
    }
  });

  it('a worker that cannot start: this thread writes the file itself', () => {
    const dir = tempDir();
    try {
      const parts = partsOf(5).slice(0, 12);
      const file = path.join(dir, 'out');
      const fd = fs.openSync(file, 'w');
      const writer = new WriteBehind(fd, {
        workerFromBytes: 0,
        startWaitMs: 200,
        workerScript: new URL('file:///nonexistent/write-behind-worker.js'),
      });
      try {
        for (const p of parts) writer.write(p);
        writer.finish();
      } finally {
        fs.closeSync(fd);
      }
      assert.equal(sha1([fs.readFileSync(file)]), sha1(parts));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('abort returns once the worker has stopped, so the file may be closed: the part being filled stays out', () => {
    const dir = tempDir();
    try {
      const file = path.join(dir, 'out');
      const fd = fs.openSync(file, 'w');
      const writer = new WriteBehind(fd, { workerFromBytes: 0 });
      const parts = partsOf(9);
      for (const p of parts) writer.write(p);
      writer.abort();
      // Once abort returns the worker writes nothing more: the size is final, whole slots.
      const size = fs.fstatSync(fd).size;
      fs.closeSync(fd);
      const total = parts.reduce((n, p) => n + p.length, 0);
      assert.equal(size, total - (total % SLOT_BYTES));
      assert.equal(fs.statSync(file).size, size);
      assert.throws(() => writer.write(Buffer.from('late')), /write after finish/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
