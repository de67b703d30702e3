package org.coopt.workbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Random;
import org.coopt.workbench.eval.FeatureMatrix;
import org.coopt.workbench.eval.LinearProbe;
import org.coopt.workbench.eval.ProbeSettings;
import org.coopt.workbench.io.Npy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProbeCommandTest {

    @Test
    void printsTheProbeAccuracyAloneOnTheLastLine(@TempDir Path dir) throws Exception {
        Random r = new Random(1);
        int n = 200;
        int d = 5;
        float[] x = new float[n * d];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(3);
            for (int j = 0; j < d; j++) {
                x[i * d + j] = (float) (r.nextGaussian() + (j == y[i] ? 2 : 0));
            }
        }
        Npy.writeFloat32(dir.resolve("x.npy"), x, n, d);
        Npy.writeInt64(dir.resolve("y.npy"), y);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        PrintStream old = System.out;
        int code;
        try {
            System.setOut(new PrintStream(bytes, true));
            code = Main.commandLine().execute("probe", "--train-features", dir.resolve("x.npy").toString(),
                    "--train-labels", dir.resolve("y.npy").toString(), "--test-features", dir.resolve("x.npy").toString(),
                    "--test-labels", dir.resolve("y.npy").toString(), "--epochs", "7");
        } finally {
            System.setOut(old);
        }
        assertEquals(0, code);
        String[] lines = bytes.toString().trim().split("\n");
        double printed = Double.parseDouble(lines[lines.length - 1].trim());
        FeatureMatrix f = new FeatureMatrix(n, d, x);
        double expected = LinearProbe.fit(f, y, f, y, ProbeSettings.defaults().withEpochs(7)).accuracy();
        assertEquals(expected, printed, 1e-4);
    }

    @Test
    void missingFileIsAUserError(@TempDir Path dir) {
        int code = Main.commandLine().execute("probe", "--train-features", dir.resolve("nope.npy").toString(),
                "--train-labels", "a", "--test-features", "b", "--test-labels", "c");
        assertEquals(2, code);
    }
}
