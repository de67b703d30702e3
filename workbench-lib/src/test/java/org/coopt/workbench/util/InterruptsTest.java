package org.coopt.workbench.util;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.coopt.workbench.eval.FeatureMatrix;
import org.coopt.workbench.eval.LinearProbe;
import org.coopt.workbench.eval.ProbeSettings;
import org.junit.jupiter.api.Test;

/**
 * An interrupted long loop stops at its next batch boundary with a CancellationException naming where.
 *
 * <p>No step here depends on the machine's speed: the probe is given no plateau rule and a million epochs (it cannot
 * return by itself), the interrupt comes once the probe's thread is seen inside its epoch loop (a condition, not a
 * sleep), and the only bound on time is a hang guard that turns a probe that never stops into a failure.
 */
class InterruptsTest {
    @Test
    void anInterruptedProbeStopsAtAnEpochBoundary() throws Exception {
        int n = 20_000;
        int d = 64;
        Random r = new Random(1);
        float[] x = new float[n * d];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 10;
            for (int j = 0; j < d; j++) {
                x[i * d + j] = (float) r.nextGaussian() + (j == y[i] ? 1 : 0);
            }
        }
        FeatureMatrix f = new FeatureMatrix(n, d, x);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        ProbeSettings endless = ProbeSettings.defaults().withEpochs(1_000_000).withPlateau(1, 0).withSeed(1);
        Thread t = new Thread(() -> {
            try {
                LinearProbe.fit(f, y, f, y, endless);
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        t.start();
        awaitFrame(t, FeatureMatrix.class.getName(), "rows"); // the probe is reading a batch inside its epoch loop
        t.interrupt();
        t.join(TimeUnit.SECONDS.toMillis(HangGuard.SECONDS));
        assertFalse(t.isAlive(), "the probe did not stop after the interrupt");
        assertTrue(thrown.get() instanceof CancellationException, "thrown: " + thrown.get());
        assertTrue(thrown.get().getMessage().startsWith("interrupted during the linear probe, epoch"),
                thrown.get().getMessage());
    }

    /** Waits until {@code t}'s stack holds a frame of {@code className.method} (fails if {@code t} ends first). */
    static void awaitFrame(Thread t, String className, String method) throws InterruptedException {
        while (Arrays.stream(t.getStackTrace())
                .noneMatch(e -> e.getClassName().equals(className) && e.getMethodName().equals(method))) {
            if (!t.isAlive()) {
                fail("the thread ended before reaching " + className + "." + method);
            }
            Thread.sleep(2);
        }
    }
}
