package org.coopt.workbench.coopt;

import org.coopt.workbench.engine.Engines;

/**
 * How an in-process run ({@link Simulation}) executes the K participants' optimize steps (feature extraction,
 * uniformity, projection): {@code workers} participants at a time, each on its own thread with
 * {@code threadsPerWorker} PyTorch intra-op threads, so that {@code workers × threadsPerWorker} never exceeds the
 * cores the process was given. Real participants run on their own machines in parallel; this is the closest a
 * single machine gets. The platform steps (alignment, uploads, merge) stay serial.
 *
 * <p><b>(decision)</b> {@link #auto} gives every core its own participant first ({@code workers = min(K, cores)},
 * {@code threadsPerWorker = max(1, cores / workers)}): the workbench's priors are small networks whose forward pass
 * scales poorly beyond one or two threads, so one participant per core beats one participant on every core. The
 * participants' results do not depend on the schedule (each writes only its own folder and cache files), but a
 * different intra-op thread count may change float sums in the last bits, so a run records its parallelism.
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

    /** The schedule for {@code participants} on {@code cores} cores (see the class comment). */
    public static ParticipantParallelism auto(int participants, int cores) {
        if (participants < 1 || cores < 1) {
            throw new IllegalArgumentException("need participants >= 1 and cores >= 1, got " + participants + ", "
                    + cores);
        }
        int workers = Math.min(participants, cores);
        return new ParticipantParallelism(workers, Math.max(1, cores / workers));
    }

    /** {@link #auto(int, int)} on the intra-op threads PyTorch was given (by default the machine's cores). */
    public static ParticipantParallelism auto(int participants) {
        return auto(participants, Engines.intraOpThreads());
    }

    /** Whether more than one participant runs at a time. */
    public boolean parallel() {
        return workers > 1;
    }

    /** "serial (2 threads)" or "parallel, 2 participants at a time × 1 thread", for reports. */
    public String describe() {
        return parallel()
                ? "parallel, " + workers + " participants at a time × " + threadsPerWorker + " thread"
                        + (threadsPerWorker == 1 ? "" : "s")
                : "one after another (" + threadsPerWorker + " thread" + (threadsPerWorker == 1 ? "" : "s") + ")";
    }
}
