package org.coopt.workbench.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.coopt.workbench.eval.FeatureMatrix;
import org.coopt.workbench.eval.LinearProbe;
import org.coopt.workbench.eval.ProbeResult;
import org.coopt.workbench.eval.ProbeSettings;
import org.coopt.workbench.io.Npy.FloatMatrix;
import org.coopt.workbench.io.Npy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./coopt probe}: the linear probe of METHOD.md §7 on given features (float32 N×D .npy) and labels
 * (int64 .npy); prints the test accuracy (mean over the last 3 epochs, in [0, 1]) alone on the last line.
 */
@Command(name = "probe", mixinStandardHelpOptions = true,
        description = "Linear probe (Adam 3e-4, batch 128, mean of the last 3 epochs) on given features; prints the test accuracy.")
final class ProbeCommand implements Callable<Integer> {
    @Option(names = "--train-features", required = true, description = "float32 N×D .npy")
    Path trainFeatures;

    @Option(names = "--train-labels", required = true, description = "int64 N .npy")
    Path trainLabels;

    @Option(names = "--test-features", required = true, description = "float32 M×D .npy")
    Path testFeatures;

    @Option(names = "--test-labels", required = true, description = "int64 M .npy")
    Path testLabels;

    @Option(names = "--epochs", description = "probe epochs (default ${DEFAULT-VALUE})")
    int epochs = ProbeSettings.defaults().epochs();

    @Option(names = "--seed", description = "seed of shuffling and initial weights (default ${DEFAULT-VALUE})")
    long seed = 0;

    @Override
    public Integer call() throws IOException {
        if (epochs < 1) {
            throw new UserInputException("--epochs must be >= 1, got " + epochs);
        }
        FeatureMatrix xtr = features(trainFeatures);
        FeatureMatrix xte = features(testFeatures);
        int[] ytr = labels(trainLabels);
        int[] yte = labels(testLabels);
        if (xtr.n() != ytr.length || xte.n() != yte.length) {
            throw new UserInputException("features and labels differ in length: train " + xtr.n() + " vs " + ytr.length
                    + ", test " + xte.n() + " vs " + yte.length);
        }
        if (xtr.dim() != xte.dim()) {
            throw new UserInputException("train features have " + xtr.dim() + " columns, test features " + xte.dim());
        }
        ProbeResult r = LinearProbe.fit(xtr, ytr, xte, yte, ProbeSettings.defaults().withEpochs(epochs).withSeed(seed));
        System.err.printf(Locale.ROOT, "[probe] %d train, %d test, dim %d, %d epochs: accuracy %.4f ± %.4f (train %.4f), %.1f s%n",
                xtr.n(), xte.n(), xtr.dim(), epochs, r.accuracy(), r.std(), r.trainAccuracy(), r.seconds());
        System.out.printf(Locale.ROOT, "%.4f%n", r.accuracy());
        return 0;
    }

    private static FeatureMatrix features(Path p) throws IOException {
        if (!Files.isRegularFile(p)) {
            throw new UserInputException("features file " + p + " not found");
        }
        FloatMatrix m = Npy.readFloat32(p);
        return new FeatureMatrix(m.rows(), m.cols(), m.data());
    }

    private static int[] labels(Path p) throws IOException {
        if (!Files.isRegularFile(p)) {
            throw new UserInputException("labels file " + p + " not found");
        }
        long[] l = Npy.readInt64(p);
        int[] y = new int[l.length];
        for (int i = 0; i < l.length; i++) {
            if (l[i] < 0 || l[i] > Integer.MAX_VALUE) {
                throw new UserInputException(p + ": label " + l[i] + " at row " + i + " is not a class index");
            }
            y[i] = (int) l[i];
        }
        return y;
    }
}
