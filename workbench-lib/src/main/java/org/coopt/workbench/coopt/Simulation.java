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
     * optimize report (participant order), the alignment decision, each upload, the schedule of the optimize steps
     * and their wall time together ({@code participantsSeconds}: the sum of the reports' seconds when serial, less
     * when parallel).
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
        List<ParticipantReport> reports = optimizeAll(platform, priors, data, extractor, parallelism);
        double participantsSeconds = (System.nanoTime() - t0) / 1e9;
        AlignmentDecision decision = platform.align();
        List<UploadInfo> uploads = new ArrayList<>();
        for (int k = 0; k < priors.size(); k++) {
            uploads.add(new Participant(platform, k, extractor).upload());
        }
        return new Result(platform.merge(), new Protocol(platform, reports, decision, uploads, parallelism,
                participantsSeconds));
    }

    /**
     * Step 2 for every participant, in participant order. Participants that share one prior object form one task
     * (run in order on one worker); tasks run {@code workers} at a time, each worker with its intra-op threads. The
     * first failure cancels the rest and is rethrown as it was; an interrupt of the calling thread interrupts the
     * workers, which stop at their next batch.
     */
    private static List<ParticipantReport> optimizeAll(Platform platform, List<? extends PriorModel> priors,
                                                       ImageDataset data, FeatureExtractor extractor,
                                                       ParticipantParallelism parallelism) throws IOException {
        int k = priors.size();
        ParticipantReport[] reports = new ParticipantReport[k];
        java.util.Map<PriorModel, List<Integer>> tasks = new java.util.LinkedHashMap<>();
        for (int i = 0; i < k; i++) {
            tasks.computeIfAbsent(priors.get(i), p -> new ArrayList<>()).add(i);
        }
        int workers = Math.min(parallelism.workers(), tasks.size());
        if (workers <= 1) {
            try (Engines.Scope threads = Engines.intraOpThreads(parallelism.threadsPerWorker())) {
                for (int i = 0; i < k; i++) {
                    reports[i] = new Participant(platform, i, extractor).optimize(priors.get(i), data);
                }
            }
            return List.of(reports);
        }
        int callerThreads = Engines.intraOpThreads();
        java.util.concurrent.atomic.AtomicInteger names = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "participant-worker-" + names.getAndIncrement());
            t.setDaemon(true);
            return t;
        });
        try {
            List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
            for (List<Integer> ids : tasks.values()) {
                futures.add(pool.submit(() -> {
                    try (Engines.Scope threads = Engines.intraOpThreads(parallelism.threadsPerWorker())) {
                        for (int i : ids) {
                            reports[i] = new Participant(platform, i, extractor).optimize(priors.get(i), data);
                        }
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : futures) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    futures.forEach(g -> g.cancel(true));
                    Throwable c = e.getCause();
                    if (c instanceof IOException io) {
                        throw io;
                    }
                    if (c instanceof RuntimeException re) {
                        throw re;
                    }
                    if (c instanceof Error err) {
                        throw err;
                    }
                    throw new IllegalStateException(c);
                } catch (InterruptedException e) {
                    futures.forEach(g -> g.cancel(true));
                    Thread.currentThread().interrupt();
                    throw new java.util.concurrent.CancellationException("interrupted while the participants optimize");
                }
            }
            return List.of(reports);
        } finally {
            pool.shutdownNow();
            try {
                pool.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Engines.setIntraOpThreads(callerThreads); // the workers' restores may interleave; later threads get ours

        }
    }
}
