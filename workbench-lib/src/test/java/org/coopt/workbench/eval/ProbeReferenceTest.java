package org.coopt.workbench.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import org.coopt.workbench.cli.Main;
import org.coopt.workbench.data.Datasets;
import org.coopt.workbench.data.ImageDataset;
import org.coopt.workbench.data.Split;
import org.coopt.workbench.engine.Engines;
import org.coopt.workbench.io.Npy;
import org.coopt.workbench.nn.Architectures.ArchSpec;
import org.coopt.workbench.prior.BlockPrior;
import org.coopt.workbench.prior.RandomPrior;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probe against an independent reference (issue 10, METHOD.md §7): {@code ./coopt probe} on all of
 * Fashion-MNIST (60,000 train → 10,000 test) must land within 1 point of scikit-learn's logistic regression
 * on the same z-scored features at its defaults ({@code environment/tools/sklearn_probe.py}: lbfgs, C = 1, 100
 * iterations; run with Debian's Python), on the raw pixels and on the features of an untrained ConvNet-3 w32.
 * Measured: raw pixels 0.840 vs 0.843; untrained ConvNet 0.862 vs 0.861 (0.870 with lbfgs run to convergence).
 */
class ProbeReferenceTest {
    private static final double TOLERANCE = 0.01;

    @Test
    void rawPixelsMatchScikitLearn(@TempDir Path dir) throws Exception {
        compare(dir, "raw pixels", null);
    }

    @Test
    void untrainedConvNetFeaturesMatchScikitLearn(@TempDir Path dir) throws Exception {
        try (BlockPrior random = RandomPrior.create(new ArchSpec("convnet", 32, 1, 28), 0)) {
            compare(dir, "untrained ConvNet-3 w32", random);
        }
    }

    private static void compare(Path dir, String what, BlockPrior prior) throws Exception {
        ImageDataset train = Datasets.load("fashion-mnist", Split.TRAIN);
        ImageDataset test = Datasets.load("fashion-mnist", Split.TEST);
        FeatureMatrix ftr = prior == null ? pixels(train) : BlockFeatures.extract(prior.block(), train);
        FeatureMatrix fte = prior == null ? pixels(test) : BlockFeatures.extract(prior.block(), test);
        Path xtr = dir.resolve("xtr.npy");
        Path xte = dir.resolve("xte.npy");
        Path ytr = dir.resolve("ytr.npy");
        Path yte = dir.resolve("yte.npy");
        Npy.writeFloat32(xtr, ftr.values(), ftr.n(), ftr.dim());
        Npy.writeFloat32(xte, fte.values(), fte.n(), fte.dim());
        Npy.writeInt64(ytr, BlockFeatures.labels(train));
        Npy.writeInt64(yte, BlockFeatures.labels(test));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream old = System.out;
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            code = Main.commandLine().execute("probe", "--train-features", xtr.toString(), "--train-labels",
                    ytr.toString(), "--test-features", xte.toString(), "--test-labels", yte.toString());
        } finally {
            System.setOut(old);
        }
        assertEquals(0, code);
        double ours = lastNumber(out.toString(StandardCharsets.UTF_8));
        double reference = sklearn(xtr, ytr, xte, yte);
        System.err.printf(Locale.ROOT, "[probe-reference] %s (%d → %d, dim %d): ./coopt probe %.4f, scikit-learn %.4f%n",
                what, ftr.n(), fte.n(), ftr.dim(), ours, reference);
        assertTrue(reference > 0.7, "implausible reference " + reference);
        assertEquals(reference, ours, TOLERANCE, what + ": ./coopt probe " + ours + " vs scikit-learn " + reference);
    }

    /** Normalised raw pixels (the dataset's batch: (x/255 − μ)/σ), one row per image. */
    private static FeatureMatrix pixels(ImageDataset d) {
        int n = d.size();
        int dim = d.channels() * d.height() * d.width();
        float[] v = new float[n * dim];
        for (int from = 0; from < n; from += 4096) {
            int to = Math.min(n, from + 4096);
            int[] idx = new int[to - from];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = from + i;
            }
            try (NDManager m = Engines.get().newBaseManager()) {
                NDArray x = d.batch(m, idx).reshape(idx.length, -1);
                System.arraycopy(x.toFloatArray(), 0, v, from * dim, idx.length * dim);
            }
        }
        return new FeatureMatrix(n, dim, v);
    }

    private static double sklearn(Path xtr, Path ytr, Path xte, Path yte) throws IOException, InterruptedException {
        Path script = org.coopt.workbench.zoo.PriorZoo.shippedRoot().getParent()
                .resolve("environment/tools/sklearn_probe.py");
        Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), xtr.toString(), ytr.toString(),
                xte.toString(), yte.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "scikit-learn reference failed (is python3-sklearn installed? ./coopt setup "
                + "installs it): " + text);
        return lastNumber(text);
    }

    private static double lastNumber(String text) {
        String[] lines = text.trim().split("\n");
        return Double.parseDouble(lines[lines.length - 1].trim());
    }
}
