package dev.ballast.simulator.internal;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Generated identifiers for responses. Thread-safe. */
final class Ids {

  private static final char[] BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

  private Ids() {}

  /** A random UUID for {@code x-amzn-RequestId} (not from the seed: it identifies a response). */
  static String requestId() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    long msb = (r.nextLong() & 0xffffffffffff0fffL) | 0x0000000000004000L;
    long lsb = (r.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
    return new UUID(msb, lsb).toString();
  }

  /** {@code prefix} followed by {@code length} base-62 characters derived from {@code hash}. */
  static String derived(String prefix, long hash, int length) {
    StringBuilder b = new StringBuilder(prefix);
    long h = hash;
    for (int i = 0; i < length; i++) {
      if (i % 10 == 0) {
        h = Hashing.mix(h + i);
      }
      b.append(BASE62[(int) Long.remainderUnsigned(h, 62)]);
      h = Long.divideUnsigned(h, 62);
    }
    return b.toString();
  }
}
