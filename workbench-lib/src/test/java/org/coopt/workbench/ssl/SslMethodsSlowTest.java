package org.coopt.workbench.ssl;

import org.coopt.workbench.eval.BlockFeatures;
import org.coopt.workbench.eval.KnnClassifier;
import org.coopt.workbench.eval.FeatureMonitor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Locale;
import org.coopt.workbench.data.Datasets;
import org.coopt.workbench.data.FashionMnist;
import org.coopt.workbench.data.ImageDataset;
import org.coopt.workbench.data.Split;
import org.coopt.workbench.engine.Engines;
import org.coopt.workbench.nn.Architectures.ArchSpec;
import org.coopt.workbench.run.Seeds;
import org.coopt.workbench.train.CurvePoint;
import org.coopt.workbench.train.TrainSettings;
import org.coopt.workbench.train.TrainingCurve;
import org.coopt.workbench.train.TrainingLoop;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each method, trained a few hundred steps on Fashion-MNIST with a tiny ConvNet, lowers its loss,
 * beats the same backbone at random initialisation on a kNN probe, and does not collapse.
 */
@Tag("slow")
class SslMethodsSlowTest {
    static final int WIDTH = Integer.getInteger("ssl.test.width", 16);
    static final int BATCH = 128;
    static final int TRAIN = Integer.getInteger("ssl.test.train", 4096);
    static final int EPOCHS = Integer.getInteger("ssl.test.epochs", 20);       // 32 steps per epoch: 640 steps
    private static ImageDataset train;
    private static ImageDataset bank;
    private static ImageDataset test;

    private static int threadsBefore;

    /**
     * One PyTorch intra-op thread: on the 2 shared cores of the workbench machine, OpenMP's spinning
     * threads oversubscribe the CPU as soon as anything else runs and a step gets 10× slower.
     */
    @BeforeAll
    static void oneThread() {
        Engines.get();
        threadsBefore = ai.djl.pytorch.jni.JniUtils.getNumThreads();
        ai.djl.pytorch.jni.JniUtils.setNumThreads(1);
    }

    @org.junit.jupiter.api.AfterAll
    static void restoreThreads() {
        ai.djl.pytorch.jni.JniUtils.setNumThreads(threadsBefore);
    }

    @BeforeAll
    static void data() {
        Assumptions.assumeTrue(FashionMnist.available(java.nio.file.Path.of(FashionMnist.DEFAULT_DIR)),
                "Fashion-MNIST not installed (./coopt setup)");
        ImageDataset full = Datasets.load("fashion-mnist", Split.TRAIN);
        train = full.subset(java.util.stream.IntStream.range(0, TRAIN).toArray(), "fmnist-first" + TRAIN);
        bank = train;
        test = Datasets.load("fashion-mnist", Split.TEST).subset(java.util.stream.IntStream.range(0, 2000).toArray(), "fmnist-test-2000");
    }

    /** Every registered method; {@code -Dssl.test.methods=byol,dino} restricts the list. */
    static List<String> methods() {
        String only = System.getProperty("ssl.test.methods", "");
        return only.isBlank() ? List.copyOf(SslMethods.names()) : List.of(only.split(","));
    }

    @ParameterizedTest
    @MethodSource("methods")
    void trainingLowersLossBeatsRandomInitAndDoesNotCollapse(String name) {
        ArchSpec spec = new ArchSpec("convnet", WIDTH, 1, 28);
        Seeds seeds = new Seeds(11);
        SslMethod method = SslMethods.create(name, SslSetup.of(spec, train.size(), seeds.child("method")));
        FeatureMonitor knn = FeatureMonitor.knn(bank, test, KnnClassifier.defaults());
        TrainSettings settings = TrainSettings.defaults(EPOCHS).withBatchSize(BATCH).withLogEvery(0);
        long t0 = System.nanoTime();
        try (NDManager manager = Engines.get().newBaseManager(Engines.device())) {
            Engines.get().setRandomSeed((int) seeds.child("init"));
            TrainSettings s = SslTrainer.withViews(settings, method);
            TrainingLoop loop = new TrainingLoop(method, s, new Shape(1, 28, 28), manager);
            double before = knn.evaluate(method.backbone(), 0);
            TrainingCurve curve = loop.fit(train, null, seeds.child("loop"), null);
            List<CurvePoint> pts = curve.points();
            double first = pts.get(0).loss();
            double last = pts.get(pts.size() - 1).loss();
            double after = knn.evaluate(method.backbone(), 0);
            double std = featureStd(method, manager);
            System.err.printf(Locale.ROOT, "[ssl-test] %s loss %.4f -> %.4f, knn random-init %.4f -> trained %.4f,"
                            + " feature std %.4f (uniform ~%.4f), %.1f s, %.0f img/s%n", name, first, last, before, after, std,
                    1 / Math.sqrt(spec.width() * 9.0), (System.nanoTime() - t0) / 1e9, pts.get(pts.size() - 1).imagesPerSecond());
            assertTrue(last < first, name + ": loss should go down, " + first + " -> " + last);
            assertTrue(after > before, name + ": kNN after training " + after + " should beat random init " + before);
            assertTrue(std > 0.25 / Math.sqrt(spec.width() * 9.0), name + ": features collapsed, std across the batch " + std);
        }
    }

    /** Mean over dimensions of the std across a batch of L2-normalised backbone features (0 = collapse). */
    static double featureStd(SslMethod method, NDManager manager) {
        try (NDManager m = manager.newSubManager()) {
            NDArray raw = BlockFeatures.extract(method.backbone(),
                    test.subset(java.util.stream.IntStream.range(0, 256).toArray(), "std-batch")).toNDArray(m);
            NDArray f = raw.div(raw.norm(new int[] {1}, true).maximum(1e-12f));
            NDArray centred = f.sub(f.mean(new int[] {0}, true));
            return centred.square().mean(new int[] {0}).sqrt().mean().getFloat();
        }
    }
}
