package org.coopt.workbench.util;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicReference;
import org.coopt.workbench.eval.FeatureMatrix;
import org.coopt.workbench.eval.LinearProbe;
import org.coopt.workbench.eval.ProbeSettings;
import org.junit.jupiter.api.Test;

/** An interrupted long loop stops at its next batch boundary with a CancellationException naming where. */
class InterruptsTest {
    @Test
    void anInterruptedProbeStopsWithinItsEpoch() throws Exception {
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
        Thread t = new Thread(() -> {
            try {
                LinearProbe.fit(f, y, f, y, ProbeSettings.defaults().withEpochs(10_000).withSeed(1));
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        t.start();
        Thread.sleep(1500);
        long t0 = System.nanoTime();
        t.interrupt();
        t.join(20_000);
        assertTrue(!t.isAlive(), "stopped after the interrupt");
        assertTrue(thrown.get() instanceof CancellationException, "thrown: " + thrown.get());
        assertTrue(thrown.get().getMessage().startsWith("interrupted during the linear probe, epoch"),
                thrown.get().getMessage());
        assertTrue((System.nanoTime() - t0) / 1e9 < 20, "within an epoch");
    }
}
