package org.coopt.workbench.coopt;

import org.coopt.workbench.engine.Engines;

/**
 * How an in-process run ({@link Simulation}) executes the K participants' optimize steps (feature extraction,
 * uniformity, projection): {@code workers} participants at a time, each on its own thread with
 * {@code threadsPerWorker} PyTorch intra-op threads; {@link #auto} keeps {@code workers × threadsPerWorker} within the
 * cores the process was given (a schedule built by hand may oversubscribe them). Real participants run on their own machines in parallel; this is the closest a
 * single machine gets. The platform steps (alignment, uploads, merge) stay serial.
 *
 * <p><b>(decision)</b> {@link #auto} gives each participant at a time at least {@value #MIN_THREADS} core
 * ({@code workers = max(1, min(K, cores))}, {@code threadsPerWorker = cores / workers}), so on 2 cores two
 * participants run side by side on one thread each. Measured on this workbench's 2-core machine (60,000
 * Fashion-MNIST images, three cpu-zoo priors, {@code ./coopt simulate --at-once 1} and {@code 2}, fresh feature caches,
 * five alternating pairs, load 1.7–2.0, with {@code environment/native.env}): the optimize steps took 5.98 s on average
 * two at a time on one thread each (5.6–6.3 s) against 7.34 s one after another on two threads (6.7–8.2 s), faster
 * in all five pairs. (Before native.env, when page faults dominated extraction, the same comparison went the other
 * way, 18.4 s against 15.4 s, and this rule gave each participant 2 cores.)
 * The participants' results do not depend on the schedule (each writes only its own folder, and cache files by
 * atomic rename), but a different intra-op thread count may change float sums in the last bits, so a run records
 * the schedule that ran.
 *
 * @param workers          participants run at the same time (≥ 1; 1 = one after another)
 * @param threadsPerWorker PyTorch intra-op threads of each worker (≥ 1)
 */
public record ParticipantParallelism(int workers, int threadsPerWorker) {
    public ParticipantParallelism {
        if (workers < 1 || threadsPerWorker < 1) {
            throw new IllegalArgumentException("participant parallelism needs workers >= 1 and threads >= 1, got "
                    + workers + " × " + threadsPerWorker);
        }
    }

    /** One participant after another on the calling thread, with its thread count (the protocol tests' schedule). */
    public static ParticipantParallelism serial() {
        return new ParticipantParallelism(1, Engines.intraOpThreads());
    }

    /** Fewest cores a participant gets when several run at a time (see the class comment). */
    public static final int MIN_THREADS = 1;

    /** The schedule for {@code participants} on {@code cores} cores (see the class comment). */
    public static ParticipantParallelism auto(int participants, int cores) {
        if (participants < 1 || cores < 1) {
            throw new IllegalArgumentException("need participants >= 1 and cores >= 1, got " + participants + ", "
                    + cores);
        }
        return atOnce(Math.max(1, cores / MIN_THREADS), participants, cores);
    }

    /**
     * {@code atOnce} participants at a time (no more than there are), the {@code cores} split evenly between them
     * (at least one thread each).
     */
    public static ParticipantParallelism atOnce(int atOnce, int participants, int cores) {
        int workers = Math.max(1, Math.min(atOnce, participants));
        return new ParticipantParallelism(workers, Math.max(1, cores / workers));
    }

    /** {@link #auto(int, int)} on the intra-op threads PyTorch was given (by default the machine's cores). */
    public static ParticipantParallelism auto(int participants) {
        return auto(participants, Engines.intraOpThreads());
    }

    /**
     * The schedule that runs {@code tasks} independent tasks (participants grouped by prior object): no more workers
     * than tasks, and the cores of the idle workers given to the others ({@code workers × threadsPerWorker} kept).
     */
    public ParticipantParallelism forTasks(int tasks) {
        int w = Math.max(1, Math.min(workers, tasks));
        return w == workers ? this : new ParticipantParallelism(w, Math.max(1, workers * threadsPerWorker / w));
    }

    /** Whether more than one participant runs at a time. */
    public boolean parallel() {
        return workers > 1;
    }

    /** "one after another (2 threads)" or "parallel, 2 participants at a time × 1 thread", for reports. */
    public String describe() {
        return parallel()
                ? "parallel, " + workers + " participants at a time × " + threadsPerWorker + " thread"
                        + (threadsPerWorker == 1 ? "" : "s")
                : "one after another (" + threadsPerWorker + " thread" + (threadsPerWorker == 1 ? "" : "s") + ")";
    }
}
