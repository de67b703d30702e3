package org.coopt.workbench.cli;

import org.coopt.workbench.util.UserInputException;
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
        description = {"Linear probe (METHOD.md §7) on given features: z-scored with the train features' statistics, Adam 1e-3, "
                + "batch 128, until the training loss plateaus (at most --epochs); prints the test accuracy "
                + "(mean of the last 3 epochs) alone on the last line.",
                "stderr also reports the final train accuracy and loss, the epochs run and whether the loss plateaued."})
final class ProbeCommand implements Callable<Integer> {
    @Option(names = "--train-features", required = true, description = "float32 N×D .npy")
    Path trainFeatures;

    @Option(names = "--train-labels", required = true, description = "int64 N .npy")
    Path trainLabels;

    @Option(names = "--test-features", required = true, description = "float32 M×D .npy")
    Path testFeatures;

    @Option(names = "--test-labels", required = true, description = "int64 M .npy")
    Path testLabels;

    @Option(names = "--epochs", description = "most probe epochs; it stops earlier on a plateau (default ${DEFAULT-VALUE})")
    int epochs = ProbeSettings.EPOCHS;

    @Option(names = "--batch-size", description = "mini-batch size (default ${DEFAULT-VALUE})")
    int batchSize = ProbeSettings.BATCH_SIZE;

    @Option(names = "--lr", description = "Adam learning rate (default ${DEFAULT-VALUE})")
    double learningRate = ProbeSettings.LEARNING_RATE;

    @Option(names = "--tolerance", description = "stop when the epoch loss fell by less than this fraction over "
            + "--patience epochs; 0 runs exactly --epochs (default ${DEFAULT-VALUE})")
    double tolerance = ProbeSettings.TOLERANCE;

    @Option(names = "--patience", description = "plateau window in epochs (default ${DEFAULT-VALUE})")
    int patience = ProbeSettings.PATIENCE;

    @Option(names = "--no-standardize", description = "use the features as given (no z-scoring)")
    boolean noStandardize;

    @Option(names = "--seed", description = "seed of shuffling and initial weights (default ${DEFAULT-VALUE})")
    long seed = 0;

    @Override
    public Integer call() throws IOException {
        if (epochs < 1 || batchSize < 1 || patience < 1) {
            throw new UserInputException("--epochs, --batch-size and --patience must be >= 1, got " + epochs + ", "
                    + batchSize + ", " + patience);
        }
        if (!(learningRate > 0) || !(tolerance >= 0 && tolerance < 1)) {
            throw new UserInputException("--lr must be > 0 and --tolerance in [0, 1), got " + learningRate + ", "
                    + tolerance);
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
        ProbeSettings ps = ProbeSettings.defaults().withEpochs(epochs).withBatchSize(batchSize)
                .withLearningRate(learningRate).withPlateau(patience, tolerance).withStandardize(!noStandardize)
                .withSeed(seed);
        ProbeResult r = LinearProbe.fit(xtr, ytr, xte, yte, ps);
        System.err.printf(Locale.ROOT, "[probe] %d train, %d test, dim %d, %d epochs (%s): test accuracy %.4f ± %.4f, "
                        + "train accuracy %.4f, train loss %.4f, %.1f s%n", xtr.n(), xte.n(), xtr.dim(), r.epochsRun(),
                r.converged() ? "loss plateaued" : "stopped at --epochs, loss still falling", r.accuracy(), r.std(),
                r.trainAccuracy(), r.trainLoss(), r.seconds());
        System.out.printf(Locale.ROOT, "%.4f%n", r.accuracy());
        return 0;
    }

    private static FeatureMatrix features(Path p) throws IOException {
        if (!Files.isRegularFile(p)) {
            throw new UserInputException("features file " + p + " not found");
        }
        NpyChecks.finiteMatrix(p, "features").close();
        FloatMatrix m = Npy.readFloat32(p);
        return new FeatureMatrix(m.rows(), m.cols(), m.data());
    }

    private static int[] labels(Path p) throws IOException {
        if (!Files.isRegularFile(p)) {
            throw new UserInputException("labels file " + p + " not found");
        }
        long[] l = Npy.readInt64(p);
        if (l.length == 0) {
            throw new UserInputException(p + ": no labels (an empty array)");
        }
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
