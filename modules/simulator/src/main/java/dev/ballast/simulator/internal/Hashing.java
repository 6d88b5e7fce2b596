package dev.ballast.simulator.internal;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Stable 64-bit hashing for seeding: the same inputs give the same value in every JVM. Stateless
 * and thread-safe.
 */
final class Hashing {

  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private Hashing() {}

  /** FNV-1a over the UTF-8 bytes of each part (with a separator), finished with a mixer. */
  static long hash(long seed, Object... parts) {
    long h = FNV_OFFSET ^ mix(seed);
    for (Object part : parts) {
      byte[] bytes = String.valueOf(part).getBytes(StandardCharsets.UTF_8);
      for (byte b : bytes) {
        h ^= b & 0xff;
        h *= FNV_PRIME;
      }
      h ^= 0x1f;
      h *= FNV_PRIME;
    }
    return mix(h);
  }

  /** A random source seeded from {@link #hash}. */
  static SplittableRandom random(long seed, Object... parts) {
    return new SplittableRandom(hash(seed, parts));
  }

  /** The SplitMix64 finalizer. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
