package dev.ballast.pipeline.internal;

import java.time.Duration;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.Punctuator;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * A processor's wall-clock punctuator that runs only while the processor waits on the clock, and
 * keeps its app's {@link PollPace} busy for exactly that long: {@link #start} schedules it and
 * marks the pace busy once, {@link #stop} cancels it and marks the pace idle once, so the two
 * always balance. Streams commits after every wall-clock punctuation, so a processor with nothing
 * to wait for commits nothing.
 *
 * <p>Not thread-safe: one per processor instance, used on its stream thread.
 */
final class PacedPunctuator {

  private final PollPace pace;
  private final Duration interval;
  private Cancellable scheduled;

  /**
   * @param pace the app's poll pace
   * @param interval the punctuator's wall-clock interval
   */
  PacedPunctuator(PollPace pace, Duration interval) {
    this.pace = pace;
    this.interval = interval;
  }

  /** Schedules {@code punctuator} on {@code context} unless it runs already. */
  void start(ProcessorContext<?, ?> context, Punctuator punctuator) {
    if (scheduled == null) {
      scheduled = context.schedule(interval, PunctuationType.WALL_CLOCK_TIME, punctuator);
      pace.busy();
    }
  }

  /** Cancels the punctuator if it runs. */
  void stop() {
    if (scheduled != null) {
      scheduled.cancel();
      scheduled = null;
      pace.idle();
    }
  }
}
