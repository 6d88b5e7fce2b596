package dev.ballast.pipeline.internal;

import java.time.Duration;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.Punctuator;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * A processor's wall-clock punctuator that runs only while the processor has work, and keeps its
 * app's {@link PollPace} busy while the processor waits on the clock: {@link #start} schedules it
 * and marks the pace busy once if asked to hold it, {@link #stop} cancels it and marks the pace
 * idle once if it held it, so the two always balance. Streams commits after every wall-clock
 * punctuation, so a processor with nothing to do commits nothing.
 *
 * <p>Not thread-safe: one per processor instance, used on its stream thread.
 */
final class PacedPunctuator {

  private final PollPace pace;
  private final Duration interval;
  private final Punctuator punctuator;
  private Cancellable scheduled;
  private boolean holding;

  /**
   * @param pace the app's poll pace
   * @param interval the punctuator's wall-clock interval
   * @param punctuator what runs every {@code interval} while started
   */
  PacedPunctuator(PollPace pace, Duration interval, Punctuator punctuator) {
    this.pace = pace;
    this.interval = interval;
    this.punctuator = punctuator;
  }

  /** Schedules the punctuator on {@code context} unless it runs already; holds the pace. */
  void start(ProcessorContext<?, ?> context) {
    start(context, true);
  }

  /**
   * Schedules the punctuator on {@code context} unless it runs already, and keeps the pace busy
   * from now on if {@code holdPace}, else lets it go: what else will end the thread's polls in time
   * for the punctuator (a {@link ThreadPace} wake-up) is the caller's to know.
   */
  void start(ProcessorContext<?, ?> context, boolean holdPace) {
    if (scheduled == null) {
      scheduled = context.schedule(interval, PunctuationType.WALL_CLOCK_TIME, punctuator);
    }
    hold(holdPace);
  }

  /** Cancels the punctuator if it runs, and lets the pace go. */
  void stop() {
    if (scheduled != null) {
      scheduled.cancel();
      scheduled = null;
    }
    hold(false);
  }

  private void hold(boolean hold) {
    if (hold != holding) {
      holding = hold;
      if (hold) {
        pace.busy();
      } else {
        pace.idle();
      }
    }
  }
}
