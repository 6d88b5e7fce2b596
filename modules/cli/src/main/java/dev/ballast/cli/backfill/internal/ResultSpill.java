package dev.ballast.cli.backfill.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ballast.client.JsonCodec;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;

/**
 * The results of a job's lines, by line number, kept in a file so memory stays small (12 bytes per
 * line of index, not the answers): results arrive in any order and are written out in input order
 * at the end. The first result of a line wins. Thread-safe; the file is deleted on close.
 */
public final class ResultSpill implements AutoCloseable {

  private final Path path;
  private final RandomAccessFile file;
  private final BitSet present = new BitSet();
  private long[] offsets = new long[1024];
  private int[] lengths = new int[1024];
  private int count;

  public ResultSpill(Path path) {
    this.path = path;
    try {
      Files.deleteIfExists(path);
      this.file = new RandomAccessFile(path.toFile(), "rw");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + path, e);
    }
  }

  /** Keeps {@code json} for {@code line} unless it has one; returns whether it was new. */
  public synchronized boolean put(int line, byte[] json) {
    if (present.get(line)) {
      return false;
    }
    if (line >= offsets.length) {
      int size = Math.max(line + 1, offsets.length * 2);
      offsets = Arrays.copyOf(offsets, size);
      lengths = Arrays.copyOf(lengths, size);
    }
    try {
      long at = file.length();
      file.seek(at);
      file.write(json);
      offsets[line] = at;
      lengths[line] = json.length;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    }
    present.set(line);
    count++;
    return true;
  }

  /** Whether {@code line} has a result. */
  public synchronized boolean has(int line) {
    return present.get(line);
  }

  /** The result of {@code line}, or null. */
  public synchronized JsonNode get(int line) {
    if (!present.get(line)) {
      return null;
    }
    byte[] b = new byte[lengths[line]];
    try {
      file.seek(offsets[line]);
      file.readFully(b);
      return JsonCodec.MAPPER.readTree(b);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }

  /** Lines with a result. */
  public synchronized int count() {
    return count;
  }

  @Override
  public synchronized void close() {
    try {
      file.close();
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + path, e);
    }
  }
}
