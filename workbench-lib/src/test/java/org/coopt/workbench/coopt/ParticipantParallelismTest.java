package org.coopt.workbench.coopt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.coopt.workbench.data.ImageDataset;
import org.coopt.workbench.engine.Engines;
import org.coopt.workbench.io.MappedNpy;
import org.coopt.workbench.prior.FeatureExtractor;
import org.coopt.workbench.prior.PriorModel;
import org.coopt.workbench.util.HangGuard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Participants optimizing in parallel (issue 14): the schedule rule, the same targets as serial, failures. */
class ParticipantParallelismTest {
    @TempDir
    Path dir;

    @Test
    void autoGivesEachCoreAParticipantFirstAndSplitsTheRest() {
        assertEquals(new ParticipantParallelism(2, 1), ParticipantParallelism.auto(3, 2), "2 cores: two side by side");
        assertEquals(new ParticipantParallelism(1, 2), ParticipantParallelism.auto(1, 2), "one participant: all cores");
        assertEquals(new ParticipantParallelism(3, 1), ParticipantParallelism.auto(3, 4), "4/3 rounds down");
        assertEquals(new ParticipantParallelism(4, 2), ParticipantParallelism.auto(4, 8));
        assertEquals(new ParticipantParallelism(3, 2), ParticipantParallelism.auto(3, 8), "8/3 rounds down");
        assertEquals(new ParticipantParallelism(2, 3), ParticipantParallelism.auto(2, 7));
        assertEquals(new ParticipantParallelism(1, 1), ParticipantParallelism.auto(3, 1));
        assertTrue(ParticipantParallelism.auto(3, 2).parallel());
        assertFalse(ParticipantParallelism.auto(1, 2).parallel());
        assertTrue(ParticipantParallelism.auto(4, 8).describe().startsWith("parallel, 4 participants"));
        assertThrows(IllegalArgumentException.class, () -> new ParticipantParallelism(0, 1));
        assertEquals(new ParticipantParallelism(1, 2), new ParticipantParallelism(2, 1).forTasks(1), "idle cores go to the rest");
        assertEquals(new ParticipantParallelism(2, 2), new ParticipantParallelism(4, 1).forTasks(2));
        assertEquals(new ParticipantParallelism(3, 1), new ParticipantParallelism(3, 1).forTasks(5));
    }

    @Test
    void theIntraOpScopeSetsThisThreadOnlyAndRestores() throws Exception {
        int before = Engines.intraOpThreads();
        try (Engines.Scope s = Engines.intraOpThreads(1)) {
            assertEquals(1, Engines.intraOpThreads());
        }
        assertEquals(before, Engines.intraOpThreads());
        int[] seen = new int[1];
        try (Engines.Scope s = Engines.intraOpThreads(1)) {
            Thread other = new Thread(() -> {
                Engines.get();
                try (Engines.Scope t = Engines.intraOpThreads(3)) {
                    seen[0] = Engines.intraOpThreads();
                }
            });
            other.start();
            other.join();
            assertEquals(1, Engines.intraOpThreads(), "another thread's setting leaves this one's alone");
        }
        assertEquals(3, seen[0]);
        assertEquals(before, Engines.intraOpThreads());
    }

    /** The same seeds give the same merged targets whether the participants run one after another or two at a time. */
    @Test
    void parallelParticipantsGiveTheSerialTargets() throws IOException {
        ImageDataset data = PlatformTest.data();
        List<PriorModel> ps = PlatformTest.priors(data);
        float[] serial;
        Simulation.Protocol sp;
        try (Simulation.Result r = run("serial", data, ps, ParticipantParallelism.serial())) {
            sp = r.protocol();
            serial = floats(r.dataset().targets());
        }
        Simulation.Protocol p;
        float[] parallel;
        try (Simulation.Result r = Simulation.run(dir.resolve("parallel"), PlatformTest.settings(), data, null, ps,
                new FeatureExtractor(dir.resolve("cache-parallel"), 64), new ParticipantParallelism(2, 1))) {
            p = r.protocol();
            parallel = floats(r.dataset().targets());
        }
        assertEquals(serial.length, parallel.length);
        for (int i = 0; i < serial.length; i++) {
            assertEquals(serial[i], parallel[i], 1e-4 * (1 + Math.abs(serial[i])), "target value " + i);
        }
        assertEquals(new ParticipantParallelism(2, 1), p.parallelism());
        assertEquals(PlatformTest.K, p.reports().size());
        for (int k = 0; k < PlatformTest.K; k++) {
            assertEquals(k, p.reports().get(k).participant(), "reports stay in participant order");
        }
        // the step-2 wall time holds every participant's optimize step: all of them in turn when serial, each when not
        double serialSum = sp.reports().stream().mapToDouble(r -> r.seconds()).sum();
        assertTrue(sp.participantsSeconds() >= serialSum, sp.participantsSeconds() + " s < the reports' sum " + serialSum);
        double slowest = p.reports().stream().mapToDouble(r -> r.seconds()).max().orElseThrow();
        assertTrue(p.participantsSeconds() >= slowest, p.participantsSeconds() + " s < the slowest report " + slowest);
        int[] later = new int[1];
        Thread t = new Thread(() -> later[0] = Engines.intraOpThreads());
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertEquals(Engines.intraOpThreads(), later[0], "a thread started after the run gets the caller's thread count");
        ps.forEach(PriorModel::close);
    }

    /** One prior object for every participant: they run one after another on one worker, and still finish. */
    @Test
    void aSharedPriorObjectIsUsedFromOneThread() throws IOException {
        ImageDataset data = PlatformTest.data();
        List<PriorModel> base = PlatformTest.priors(data);
        ThreadRecordingPrior shared = new ThreadRecordingPrior(base.get(0), -1);
        List<PriorModel> ps = List.of(shared, shared, shared);
        try (Simulation.Result r = run("shared", data, ps, new ParticipantParallelism(2, 1))) {
            assertEquals(PlatformTest.K, r.protocol().reports().size());
            assertEquals(new ParticipantParallelism(1, 2), r.protocol().parallelism(), "the schedule that ran is recorded");
        }
        assertEquals(1, shared.threads.stream().distinct().count(), "one thread used the shared prior: " + shared.threads);
        base.forEach(PriorModel::close);
    }

    /** A participant whose prior fails: the run stops with that error, the other worker is stopped, nothing hangs. */
    @Test
    void aFailingParticipantStopsTheRunWithItsError() throws IOException {
        ImageDataset data = PlatformTest.data();
        List<PriorModel> base = PlatformTest.priors(data);
        List<PriorModel> ps = new ArrayList<>(base);
        ps.set(1, new ThreadRecordingPrior(base.get(1), 0));
        IllegalStateException e = assertTimeoutPreemptively(Duration.ofSeconds(HangGuard.SECONDS), () -> assertThrows(
                IllegalStateException.class, () -> run("failing", data, ps, new ParticipantParallelism(2, 1)).close()));
        assertTrue(e.getMessage().contains("planted failure"), e.getMessage());
        base.forEach(PriorModel::close);
    }

    private Simulation.Result run(String name, ImageDataset data, List<PriorModel> ps, ParticipantParallelism par)
            throws IOException {
        return Simulation.run(dir.resolve(name), PlatformTest.settings(), data, null, ps,
                new FeatureExtractor(dir.resolve("cache-" + name), 64), par);
    }

    private static float[] floats(MappedNpy m) {
        return m.readFloats(0, (int) m.rows());
    }

    /** A prior that records the threads calling it and throws on its {@code failAt}-th call (-1: never). */
    private static final class ThreadRecordingPrior implements PriorModel {
        final PriorModel inner;
        final int failAt;
        final List<String> threads = java.util.Collections.synchronizedList(new ArrayList<>());
        int calls;

        ThreadRecordingPrior(PriorModel inner, int failAt) {
            this.inner = inner;
            this.failAt = failAt;
        }

        @Override
        public String id() {
            return inner.id();
        }

        @Override
        public String kind() {
            return inner.kind();
        }

        @Override
        public int outputDim() {
            return inner.outputDim();
        }

        @Override
        public String contentHash() {
            return inner.contentHash();
        }

        @Override
        public synchronized NDArray extract(NDManager manager, ImageDataset data, int[] indices) {
            threads.add(Thread.currentThread().getName());
            if (calls++ == failAt) {
                throw new IllegalStateException("planted failure in " + id());
            }
            return inner.extract(manager, data, indices);
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}
