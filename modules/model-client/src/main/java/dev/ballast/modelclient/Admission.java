package dev.ballast.modelclient;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Admission to one endpoint, before each call: a requests-per-minute and a tokens-per-minute budget
 * over a sliding minute (as providers count their quotas), charged with the estimated tokens before
 * the call and corrected with the reported ones after it, and a concurrency limit that adapts to
 * the provider (additive increase on success, multiplicative decrease on a 429). Calls that do not
 * fit wait, without holding a thread, online first; the batch lane only gets what the online lane
 * leaves, never the last {@code batchHeadroomPercent} of any budget.
 *
 * <p>In a fleet the budgets are the account's: each instance keeps to its {@linkplain
 * #share(double) share}; another instance's 429 lowers the concurrency limit here ({@link
 * #throttledElsewhere()}). A breaker that opens refuses the waiting calls ({@link #refuseWaiting}).
 *
 * <p>This class is thread-safe.
 */
public final class Admission {

  /** Who is asking: the online lane is always served before the batch lane. */
  public enum Lane {
    ONLINE,
    BATCH
  }

  /** How a granted call ended, for the concurrency limit and the budgets. */
  public enum Outcome {
    SUCCESS,
    /** The endpoint is throttling (capacity): fewer calls at once; routing sends work elsewhere. */
    THROTTLED,
    /** The account's quota is used up: the budgets shrink, and grow back by 1 % per success. */
    QUOTA,
    OTHER
  }

  /**
   * The budgets of an endpoint.
   *
   * @param requestsPerMinute calls per sliding minute; 0 for no limit
   * @param tokensPerMinute input plus output tokens per sliding minute; 0 for no limit
   * @param maxConcurrency the most calls in flight; the adaptive limit starts here
   * @param batchHeadroomPercent share of every budget the batch lane may not use
   */
  public record Limits(
      int requestsPerMinute, long tokensPerMinute, int maxConcurrency, int batchHeadroomPercent) {

    public static final Limits UNLIMITED = new Limits(0, 0, Integer.MAX_VALUE, 0);

    public Limits {
      if (requestsPerMinute < 0 || tokensPerMinute < 0) {
        throw new IllegalArgumentException("budgets must be >= 0 (0 = no limit)");
      }
      if (maxConcurrency < 1) {
        throw new IllegalArgumentException("maxConcurrency must be >= 1, was " + maxConcurrency);
      }
      if (batchHeadroomPercent < 0 || batchHeadroomPercent > 100) {
        throw new IllegalArgumentException(
            "batch headroom must be within 0..100 percent, was " + batchHeadroomPercent);
      }
    }
  }

  /** A granted call; release it exactly once when the call ends. */
  public interface Ticket {
    void release(Outcome outcome, long actualTokens);
  }

  private static final long DECREASE_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final double DECREASE = 0.7;

  private record Waiter(Lane lane, long tokens, CompletableFuture<Ticket> future) {}

  private final Limits limits;
  private final ScheduledExecutorService scheduler;
  private final LongSupplier nanos;
  private final MinuteBudgets budgets;
  private final ArrayDeque<Waiter> online = new ArrayDeque<>();
  private final ArrayDeque<Waiter> batch = new ArrayDeque<>();
  private double limit;
  private int inFlight;
  private long lastDecrease = Long.MIN_VALUE / 2;
  private boolean wakeScheduled;

  public Admission(Limits limits, ScheduledExecutorService scheduler, LongSupplier nanos) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.scheduler = scheduler;
    this.nanos = nanos;
    this.limit = limits.maxConcurrency();
    this.budgets = new MinuteBudgets(nanos);
  }

  /**
   * A ticket once the call fits every budget. The future may be cancelled (a timeout); a cancelled
   * waiter is skipped and charged nothing.
   *
   * @param tokens the call's estimated input tokens plus its output token limit
   */
  public CompletableFuture<Ticket> acquire(Lane lane, long tokens) {
    CompletableFuture<Ticket> f = new CompletableFuture<>();
    synchronized (this) {
      (lane == Lane.ONLINE ? online : batch).add(new Waiter(lane, Math.max(0, tokens), f));
    }
    grant();
    return f;
  }

  /** The adaptive concurrency limit now. */
  public synchronized int limit() {
    return (int) limit;
  }

  public synchronized int inFlight() {
    return inFlight;
  }

  /**
   * Keeps to {@code share} (in (0, 1]; else IllegalArgumentException) of the per-minute budgets: a
   * part of a quota the fleet shares, in fleet units ({@link MinuteBudgets}).
   */
  public void share(double share) {
    synchronized (this) {
      budgets.share(share);
    }
    grant();
  }

  /** The fleet used {@code perSecond} of the budgets in the last seconds, newest first. */
  public synchronized void assumeUsed(double[] perSecond) {
    budgets.advance();
    budgets.assumeUsed(perSecond, limits.requestsPerMinute(), limits.tokensPerMinute());
  }

  /** The fleet's use of the budgets in each of the last 60 seconds, newest first, seen here. */
  public synchronized double[] usedPerSecond() {
    budgets.advance();
    return budgets.usedPerSecond(limits.requestsPerMinute(), limits.tokensPerMinute());
  }

  /** The share of the per-minute budgets this instance keeps to; 1 unless {@link #share} set it. */
  public synchronized double share() {
    return budgets.share();
  }

  /** Another instance was throttled here: the decrease of a local 429 (at most once a second). */
  public synchronized void throttledElsewhere() {
    decrease(nanos.getAsLong());
  }

  /** Calls waiting for admission. */
  public synchronized int waiting() {
    return online.size() + batch.size();
  }

  /** The endpoint's breaker opened: every waiting call fails with {@code refusal}, none is sent. */
  public void refuseWaiting(Supplier<? extends Throwable> refusal) {
    List<Waiter> refused;
    synchronized (this) {
      refused = new ArrayList<>(online);
      refused.addAll(batch);
      online.clear();
      batch.clear();
    }
    refused.forEach(w -> w.future().completeExceptionally(refusal.get()));
  }

  /** Whether a call of {@code lane} would be granted now: none of its lane (or any) waits, fits. */
  public synchronized boolean hasRoom(Lane lane) {
    budgets.advance();
    dropCancelled(online);
    dropCancelled(batch);
    if (!online.isEmpty() || (lane == Lane.BATCH && !batch.isEmpty())) {
      return false;
    }
    double share = lane == Lane.ONLINE ? 1.0 : 1.0 - limits.batchHeadroomPercent() / 100.0;
    return fits(new Waiter(lane, 0, null), share);
  }

  /** Grants what fits now; the budgets' clock moved (called on a timer, public for tests). */
  public void reconsider() {
    grant();
  }

  private void grant() {
    while (true) {
      Waiter w;
      long slot;
      synchronized (this) {
        slot = budgets.advance();
        w = nextGrantable();
        if (w == null) {
          scheduleWakeIfRateBound();
          return;
        }
        budgets.charge(w.tokens());
        inFlight++;
      }
      Ticket t = new Grant(w.tokens(), slot);
      if (!w.future().complete(t)) {
        t.release(Outcome.OTHER, 0); // cancelled meanwhile: give the budget back
      }
    }
  }

  /** The head waiter that fits now, removed from its queue; null when none fits. */
  private Waiter nextGrantable() {
    dropCancelled(online);
    dropCancelled(batch);
    Waiter head = online.peek();
    if (head != null) {
      return fits(head, 1.0) ? online.poll() : null;
    }
    head = batch.peek();
    double share = 1.0 - limits.batchHeadroomPercent() / 100.0;
    return head != null && fits(head, share) ? batch.poll() : null;
  }

  private boolean fits(Waiter w, double share) {
    if (inFlight >= Math.max(1, Math.floor(limit * share))) {
      return false;
    }
    return budgets.fits(limits.requestsPerMinute(), limits.tokensPerMinute(), w.tokens(), share);
  }

  /** Lowers the concurrency limit after a throttle, at most once a second. */
  private void decrease(long now) {
    if (now - lastDecrease >= DECREASE_EVERY_NANOS) {
      limit = Math.max(1, limit * DECREASE);
      lastDecrease = now;
    }
  }

  private void scheduleWakeIfRateBound() {
    if (wakeScheduled || (online.isEmpty() && batch.isEmpty()) || scheduler == null) {
      return;
    }
    wakeScheduled = true;
    long untilNextSlot = budgets.untilNextSlot();
    scheduler.schedule(
        () -> {
          synchronized (this) {
            wakeScheduled = false;
          }
          grant();
        },
        untilNextSlot + 1_000_000,
        TimeUnit.NANOSECONDS);
  }

  private static void dropCancelled(ArrayDeque<Waiter> q) {
    while (!q.isEmpty() && q.peek().future().isDone()) {
      q.poll();
    }
  }

  private final class Grant implements Ticket {
    private final long charged;
    private final long slot;
    private boolean released;

    Grant(long charged, long slot) {
      this.charged = charged;
      this.slot = slot;
    }

    @Override
    public void release(Outcome outcome, long actualTokens) {
      synchronized (Admission.this) {
        if (released) {
          return;
        }
        released = true;
        inFlight--;
        budgets.correct(slot, charged, actualTokens);
        long now = nanos.getAsLong();
        boolean limited = limits.requestsPerMinute() > 0 || limits.tokensPerMinute() > 0;
        if (outcome == Outcome.THROTTLED || (outcome == Outcome.QUOTA && !limited)) {
          decrease(now);
        } else if (outcome == Outcome.QUOTA) {
          if (now - lastDecrease >= DECREASE_EVERY_NANOS) {
            budgets.shrink();
            lastDecrease = now;
          }
        } else if (outcome == Outcome.SUCCESS) {
          limit = Math.min(limits.maxConcurrency(), limit + 1.0 / Math.max(1, limit));
          budgets.grow();
        }
      }
      grant();
    }
  }
}
