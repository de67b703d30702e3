package org.coopt.workbench.coopt;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.coopt.workbench.coopt.ProtocolMessages.AlignmentDecision;
import org.coopt.workbench.coopt.ProtocolMessages.ParticipantReport;
import org.coopt.workbench.coopt.ProtocolMessages.UploadInfo;
import org.coopt.workbench.engine.Engines;
import org.coopt.workbench.util.UserInputException;
import org.coopt.workbench.data.ImageDataset;
import org.coopt.workbench.prior.FeatureExtractor;
import org.coopt.workbench.prior.PriorModel;

/**
 * The whole protocol in one process: K participants, each with its prior, run the five steps against one
 * platform folder in order (distribute, optimize, align, upload, merge). Exactly the code that separate
 * {@code ./coopt participant} processes run, so both give the same merged targets for the same seeds.
 *
 * <p>The K optimize steps may run in parallel ({@link ParticipantParallelism}): each participant writes only its own
 * folder and its own feature-cache files, and the folder locks are safe between threads. A prior object passed for
 * two participants is used from one thread only (those participants then run one after another on one worker).
 * The platform steps (align, upload, merge) stay serial, as on a real platform.
 */
public final class Simulation {
    private Simulation() {}

    /**
     * What the protocol's steps reported, as typed records (no files to re-open): the platform, each participant's
     * optimize report (participant order), the alignment decision, each upload, the schedule that ran the optimize
     * steps ({@link ParticipantParallelism#forTasks}) and their wall time together ({@code participantsSeconds}: the
     * sum of the reports' seconds when serial, less when parallel).
     */
    public record Protocol(Platform platform, List<ParticipantReport> reports, AlignmentDecision alignment,
                           List<UploadInfo> uploads, ParticipantParallelism parallelism,
                           double participantsSeconds) {
        public Protocol {
            reports = List.copyOf(reports);
            uploads = List.copyOf(uploads);
            java.util.Objects.requireNonNull(parallelism, "parallelism");
        }

        /** Participant k's projected targets Y_k before alignment (its private file). */
        public Path ownTargets(int k) {
            return platform.participantDir(k).resolve("targets.npy");
        }

        /** Participant k's uploaded (aligned) targets Y_k T_k. */
        public Path uploadedTargets(int k) {
            return platform.uploadDir(k).resolve("targets.npy");
        }
    }

    /** The optimized dataset and the protocol that made it; closing it closes the dataset. */
    public record Result(OptimizedDataset dataset, Protocol protocol) implements AutoCloseable {
        @Override
        public void close() {
            dataset.close();
        }
    }

    /**
     * Runs the protocol with the participants one after another ({@link ParticipantParallelism#serial()});
     * {@code priors.get(k)} is participant k's prior. {@code ref} names the data for separate processes and may be
     * null in-process.
     */
    public static Result run(Path dir, PlatformSettings settings, ImageDataset data, DatasetRef ref,
                             List<? extends PriorModel> priors, FeatureExtractor extractor) throws IOException {
        return run(dir, settings, data, ref, priors, extractor, ParticipantParallelism.serial());
    }

    /** {@link #run(Path, PlatformSettings, ImageDataset, DatasetRef, List, FeatureExtractor)} on a given schedule. */
    public static Result run(Path dir, PlatformSettings settings, ImageDataset data, DatasetRef ref,
                             List<? extends PriorModel> priors, FeatureExtractor extractor,
                             ParticipantParallelism parallelism) throws IOException {
        if (priors.size() != settings.participants()) {
            throw new UserInputException(priors.size() + " priors for " + settings.participants() + " participants");
        }
        Platform platform = Platform.init(dir, settings, new DataInfo(ref, data.name(), data.sha256(), data.size()));
        long t0 = System.nanoTime();
        Scheduled step2 = optimizeAll(platform, priors, data, extractor, parallelism);
        List<ParticipantReport> reports = step2.reports();
        double participantsSeconds = (System.nanoTime() - t0) / 1e9;
        AlignmentDecision decision = platform.align();
        List<UploadInfo> uploads = new ArrayList<>();
        for (int k = 0; k < priors.size(); k++) {
            uploads.add(new Participant(platform, k, extractor).upload());
        }
        return new Result(platform.merge(), new Protocol(platform, reports, decision, uploads, step2.ran(),
                participantsSeconds));
    }

    /**
     * Step 2 for every participant, in participant order. Participants that share one prior object form one task
     * (run in order on one worker); tasks run {@code workers} at a time, each worker with its intra-op threads, and the
     * schedule that actually ran (fewer workers when there are fewer tasks, the cores split between them) is returned
     * with the reports. The first failure, in whatever order the tasks end, cancels the rest and is rethrown as it was
     * once every worker has stopped; an interrupt of the calling thread interrupts the workers (they stop at their next
     * batch) and ends with a {@link java.util.concurrent.CancellationException} after they have. Every worker leaves
     * PyTorch's thread count as the calling thread had it, so threads started later get that count.
     */
    private static Scheduled optimizeAll(Platform platform, List<? extends PriorModel> priors, ImageDataset data,
                                         FeatureExtractor extractor, ParticipantParallelism parallelism)
            throws IOException {
        int k = priors.size();
        ParticipantReport[] reports = new ParticipantReport[k];
        java.util.Map<PriorModel, List<Integer>> tasks = new java.util.LinkedHashMap<>();
        for (int i = 0; i < k; i++) {
            tasks.computeIfAbsent(priors.get(i), p -> new ArrayList<>()).add(i);
        }
        ParticipantParallelism ran = parallelism.forTasks(tasks.size());
        int callerThreads = Engines.intraOpThreads();
        if (!ran.parallel()) {
            try (Engines.Scope threads = Engines.intraOpThreads(ran.threadsPerWorker())) {
                optimizeEach(java.util.stream.IntStream.range(0, k).boxed().toList(), platform, priors, data, extractor,
                        reports);
            }
            return new Scheduled(List.of(reports), ran);
        }
        java.util.concurrent.atomic.AtomicInteger names = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(ran.workers(), r -> {
            Thread t = new Thread(r, "participant-worker-" + names.getAndIncrement());
            t.setDaemon(true);
            return t;
        });
        java.util.concurrent.CompletionService<Void> done = new java.util.concurrent.ExecutorCompletionService<>(pool);
        List<java.util.concurrent.Future<Void>> futures = new ArrayList<>();
        boolean interrupted = false;
        Throwable failure = null;
        try {
            for (List<Integer> ids : tasks.values()) {
                futures.add(done.submit(() -> {
                    Engines.setIntraOpThreads(ran.threadsPerWorker());
                    try {
                        optimizeEach(ids, platform, priors, data, extractor, reports);
                    } finally {
                        Engines.setIntraOpThreads(callerThreads);
                    }
                    return null;
                }));
            }
            for (int n = 0; n < futures.size() && failure == null; n++) {
                try {
                    done.take().get();
                } catch (java.util.concurrent.ExecutionException e) {
                    failure = e.getCause();
                } catch (InterruptedException e) {
                    interrupted = true;
                    failure = new java.util.concurrent.CancellationException("interrupted while the participants optimize");
                }
            }
        } finally {
            if (failure != null) {
                futures.forEach(f -> f.cancel(true));
            }
            pool.shutdownNow();
            while (true) { // the workers stop at their next batch; never return while one still writes
                try {
                    if (pool.awaitTermination(1, java.util.concurrent.TimeUnit.SECONDS)) {
                        break;
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            Engines.setIntraOpThreads(callerThreads);
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        if (failure instanceof IOException io) {
            throw io;
        }
        if (failure instanceof RuntimeException re) {
            throw re;
        }
        if (failure instanceof Error err) {
            throw err;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
        return new Scheduled(List.of(reports), ran);
    }

    /** Step 2 for participants {@code ids}, in that order, each report into {@code reports[id]}. */
    private static void optimizeEach(List<Integer> ids, Platform platform, List<? extends PriorModel> priors,
                                     ImageDataset data, FeatureExtractor extractor, ParticipantReport[] reports)
            throws IOException {
        for (int i : ids) {
            reports[i] = new Participant(platform, i, extractor).optimize(priors.get(i), data);
        }
    }

    /** The reports of step 2 and the schedule that ran it. */
    private record Scheduled(List<ParticipantReport> reports, ParticipantParallelism ran) {}
}
