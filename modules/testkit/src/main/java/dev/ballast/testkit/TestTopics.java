package dev.ballast.testkit;

import java.util.concurrent.atomic.AtomicInteger;

/** Fresh topic prefixes so tests sharing one broker never see each other's records. */
public final class TestTopics {

  private static final AtomicInteger counter = new AtomicInteger();

  private TestTopics() {}

  /**
   * A prefix unique within this JVM, e.g. {@code t7-ballast.}; {@code name} helps in broker logs.
   */
  public static String uniquePrefix(String name) {
    return name.replaceAll("[^a-zA-Z0-9]", "")
        + counter.incrementAndGet()
        + "-"
        + System.nanoTime() % 100_000
        + ".";
  }
}
