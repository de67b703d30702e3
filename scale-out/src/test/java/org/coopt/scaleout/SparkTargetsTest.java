package org.coopt.scaleout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.coopt.workbench.coopt.DataInfo;
import org.coopt.workbench.coopt.DatasetRef;
import org.coopt.workbench.coopt.OptimizedDataset;
import org.coopt.workbench.coopt.Participant;
import org.coopt.workbench.coopt.Partition;
import org.coopt.workbench.coopt.Platform;
import org.coopt.workbench.coopt.PlatformSettings;
import org.coopt.workbench.coopt.Simulation;
import org.coopt.workbench.data.ImageDataset;
import org.coopt.workbench.prior.FeatureExtractor;
import org.coopt.workbench.prior.PriorModel;
import org.coopt.workbench.prior.Priors;
import org.coopt.workbench.util.Hashing;
import org.coopt.workbench.util.UserInputException;
import org.coopt.workbench.zoo.PriorZoo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The participants' step 2 as Spark tasks in local mode gives the in-process protocol's merged targets bit for bit,
 * also when a task dies after renaming one shard into place and is retried.
 */
class SparkTargetsTest {
    static final String DATA = "fashion-mnist:train:20000";

    static List<String> priorSpecs() {
        Path zoo = PriorZoo.dir("cpu");
        return List.of(zoo.resolve("convnet-w32-sup-fmnist").toString(), zoo.resolve("mlp-w256-sup-fmnist").toString(),
                zoo.resolve("convnet-w32-simclr-fmnist").toString(), "human");
    }

    @Test
    void sparkTargetsAreBitIdenticalToTheInProcessRunAndARetriedTaskLeavesNoDuplicate(@TempDir Path tmp) throws Exception {
        DatasetRef ref = DatasetRef.parse(DATA);
        ImageDataset data = ref.load();
        PlatformSettings settings = PlatformSettings.defaults(4).withDim(32).withSeed(11);
        List<String> specs = priorSpecs();

        // in-process: ./coopt simulate's code
        List<PriorModel> priors = new ArrayList<>();
        Path inProcess;
        try {
            for (String s : specs) {
                priors.add(Priors.open(s, data));
            }
            try (Simulation.Result r = Simulation.run(tmp.resolve("in-process"), settings, data, ref, priors,
                    new FeatureExtractor(tmp.resolve("cache"), FeatureExtractor.DEFAULT_BATCH))) {
                inProcess = r.dataset().dir().resolve("targets.npy");
            }
        } finally {
            priors.forEach(PriorModel::close);
        }

        // Spark: the same platform settings, step 2 as tasks (4096 rows each: two chunks per participant), the first
        // attempt of participant 1's first chunk dies after renaming its targets shard
        Platform platform = Platform.init(tmp.resolve("spark"), settings,
                new DataInfo(ref, data.name(), data.sha256(), data.size()));
        Partition part = platform.partition();
        assertTrue(part.subsets()[1].length > 4096, "the test needs several chunks per participant");
        SparkConf conf = new SparkConf().setMaster("local[2,3]").setAppName("coopt-test")
                .set("spark.ui.enabled", "false").set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.driver.host", "127.0.0.1");
        int failuresBefore = SparkTargets.PLANTED_FAILURES.get();
        SparkTargets.Result result;
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            sc.setLogLevel("ERROR");
            result = SparkTargets.run(sc, new SparkTargets.Job(platform.dir().toString(), DATA, specs, 4096, "1/0"));
        }
        assertEquals(failuresBefore + 1, SparkTargets.PLANTED_FAILURES.get(), "the planted failure happened once");
        assertEquals(4 * 2 + 4, result.tasks(), "two chunks of D_k and one of S per participant");
        for (int k = 0; k < 4; k++) {
            assertFalse(Files.exists(platform.participantDir(k).resolve("shards")), "shards removed after assembly");
        }
        platform.align();
        for (int k = 0; k < 4; k++) {
            new Participant(platform, k, new FeatureExtractor(tmp.resolve("cache2"), FeatureExtractor.DEFAULT_BATCH))
                    .upload();
        }
        try (OptimizedDataset od = platform.merge()) {
            Path spark = od.dir().resolve("targets.npy");
            assertEquals(Hashing.sha256(inProcess), Hashing.sha256(spark), "merged targets.npy bit-identical");
            assertArrayEquals(Files.readAllBytes(inProcess.resolveSibling("ids.npy")),
                    Files.readAllBytes(spark.resolveSibling("ids.npy")), "same rows in the same order");
            for (int k = 0; k < 4; k++) {
                assertEquals(Hashing.sha256(Platform.open(tmp.resolve("in-process")).participantDir(k)
                        .resolve("targets.npy")),
                        result.reports().get(k).targetsSha256(), "participant " + k + "'s own targets");
            }
        }
    }

    @Test
    void aChunkSizeThatIsNotAMultipleOfTheProjectionBlockIsRefused() {
        UserInputException e = assertThrows(UserInputException.class,
                () -> new SparkTargets.Job("/tmp/x", DATA, List.of("human"), 1000, null));
        assertTrue(e.getMessage().startsWith("--chunk-rows must be a positive multiple of 4096"), e.getMessage());
    }
}
