package org.coopt.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.coopt.experiments.pipeline.Workload;
import org.coopt.experiments.pipeline.WorkloadSettings;
import org.coopt.workbench.util.UserInputException;
import org.coopt.workbench.zoo.PriorZoo;
import org.coopt.workbench.zoo.ZooEntry;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code paper} preset's code path off Fashion-MNIST: the same experiment code on another catalogue
 * dataset. This machine has none of the paper's datasets, so the end-to-end check runs the demo on the
 * {@code smoke-synthetic} zoo (3×32×32, 10 classes, CIFAR's geometry), and the paper zoos without their
 * data must stop with the one line that says what to set.
 */
class PaperPresetTest {

    @Test
    void aPaperRunWithoutItsDataSaysWhichFolderToSet() {
        assumeTrue(System.getenv("COOPT_CIFAR100_DIR") == null && System.getProperty("coopt.data.cifar100.dir") == null,
                "CIFAR-100 is configured on this machine");
        UserInputException e = assertThrows(UserInputException.class,
                () -> Workload.of(new WorkloadSettings("paper-cifar100", 0, 1000, 0, 0)));
        assertTrue(e.getMessage().contains("COOPT_CIFAR100_DIR"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        assertFalse(Files.exists(PriorZoo.dir("paper-cifar100").resolve(PriorZoo.INDEX)), "no zoo build was started");
    }

    @Tag("slow")
    @Test
    void theDemoRunsEndToEndOnARgbDatasetWithItsOwnZoo(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("demo-synthetic.json");
        Files.writeString(cfg, """
                {
                  "workload": {"zooPreset": "smoke-synthetic", "unlabelledSize": 512, "probeTrainSize": 500, "testSize": 500, "seed": 0},
                  "budget": {"arch": "resnet18", "width": 8, "epochs": 3, "batchSize": 64, "learningRate": 0.001,
                             "weightDecay": 0.01, "probeEpochs": 40, "monitor": "knn"},
                  "methods": ["coopt", "byol"],
                  "priors": ["convnet-w8-sup-syn", "convnet-w8-simclr-syn", "convnet-w8-weak-syn"],
                  "coopt": {"dim": 64, "sharedFraction": 0.0005, "alignment": "best"}
                }
                """);
        ExperimentRunner runner = new ExperimentRunner(Path.of("configs"), dir.resolve("runs"));
        @SuppressWarnings("unchecked")
        Experiment<Record> demo = (Experiment<Record>) ExperimentRegistry.discover().get("demo");
        Record c = runner.loadConfig(demo, Preset.PAPER, cfg);
        ExperimentRunner.RunResult r = runner.run(demo, Preset.PAPER, c, List.of(0L), dir.resolve("run"));

        for (ZooEntry e : PriorZoo.list("smoke-synthetic")) {
            if (e.arch() != null) {
                assertEquals(3, e.arch().inChannels(), e.id());
                assertEquals(32, e.arch().imageSize(), e.id());
            }
        }
        List<ResultRow> acc = r.rows().stream().filter(x -> x.metric().equals("probe_acc")).toList();
        assertEquals(List.of("coopt", "byol"), acc.stream().map(ResultRow::variant).toList());
        for (ResultRow x : acc) {
            assertTrue(x.value() >= 0 && x.value() <= 100, x.toString());
        }
        // The paper's effect in miniature on the RGB path: after 3 epochs the student trained on the optimized
        // data is far ahead of BYOL on the kNN monitor (measured 46.4 vs 19.6; 10 classes, chance 10).
        double cooptKnn = value(r.rows(), "coopt", "curve_acc", 3);
        double byolKnn = value(r.rows(), "byol", "curve_acc", 3);
        assertTrue(cooptKnn > 30 && cooptKnn > byolKnn + 10, "coopt kNN " + cooptKnn + " vs byol " + byolKnn);
        assertTrue(Files.readString(r.dir().resolve("config.json")).contains("smoke-synthetic"));
    }

    /**
     * Every registered experiment, end to end, off Fashion-MNIST: its smoke config re-targeted to the RGB
     * {@code smoke-synthetic} zoo (zoo preset and every prior id's suffix replaced), so the code each paper
     * run takes (3 channels, another zoo, other ids) is exercised for all of them, not only the demo.
     */
    @Tag("slow")
    @Test
    void everyExperimentRunsOnTheRgbZoo(@TempDir Path dir) throws Exception {
        ExperimentRunner runner = new ExperimentRunner(Path.of("configs"), dir.resolve("runs"));
        List<String> failures = new java.util.ArrayList<>();
        for (Experiment<?> e : ExperimentRegistry.discover().all()) {
            @SuppressWarnings("unchecked")
            Experiment<Record> exp = (Experiment<Record>) e;
            com.google.gson.JsonElement cfg = com.google.gson.JsonParser.parseString(
                    Files.readString(Path.of("configs", exp.id(), "smoke.json")));
            Path file = dir.resolve(exp.id() + ".json");
            Files.writeString(file, retarget(cfg).toString());
            try {
                Record c = runner.loadConfig(exp, Preset.SMOKE, file);
                ExperimentRunner.RunResult r = runner.run(exp, Preset.SMOKE, c, List.of(0L), dir.resolve(exp.id()));
                Path md = r.dir().resolve("figures").resolve(exp.id() + ".md");
                if (r.rows().isEmpty() || !Files.isRegularFile(md) || !Files.readString(md).contains("(synthetic")) {
                    failures.add(exp.id() + ": no rows, or no report naming the synthetic data, in " + r.dir());
                }
            } catch (Exception | AssertionError x) {
                failures.add(exp.id() + ": " + x);
            }
        }
        assertEquals(List.of(), failures);
    }

    /**
     * The config with zoo preset smoke → smoke-synthetic and prior ids ...-fmnist / ...-mnist10k → ...-syn (a name
     * that a list then holds twice is kept once).
     */
    static com.google.gson.JsonElement retarget(com.google.gson.JsonElement e) {
        if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()) {
            String v = e.getAsString();
            if ("smoke".equals(v)) {
                return new com.google.gson.JsonPrimitive("smoke-synthetic");
            }
            return new com.google.gson.JsonPrimitive(v.replaceAll("^(.+-w\\d+-.+)-(fmnist|mnist10k)$", "$1-syn"));
        }
        if (e.isJsonArray()) {
            // a name list keeps each name once: the synthetic zoo has one supervised prior where smoke has two
            // (-sup-fmnist, -sup-mnist10k), and a repeated variant would run twice (the runner refuses it)
            com.google.gson.JsonArray out = new com.google.gson.JsonArray();
            java.util.Set<com.google.gson.JsonElement> seen = new java.util.HashSet<>();
            e.getAsJsonArray().forEach(x -> {
                com.google.gson.JsonElement r = retarget(x);
                if (!(r.isJsonPrimitive() && r.getAsJsonPrimitive().isString()) || seen.add(r)) {
                    out.add(r);
                }
            });
            return out;
        }
        if (e.isJsonObject()) {
            com.google.gson.JsonObject out = new com.google.gson.JsonObject();
            e.getAsJsonObject().entrySet().forEach(x -> out.add(x.getKey(), retarget(x.getValue())));
            return out;
        }
        return e;
    }

    static double value(List<ResultRow> rows, String variant, String metric) {
        return value(rows, variant, metric, ResultRow.NO_STEP);
    }

    static double value(List<ResultRow> rows, String variant, String metric, int step) {
        return rows.stream().filter(x -> x.variant().equals(variant) && x.metric().equals(metric) && x.step() == step)
                .findFirst().orElseThrow(() -> new AssertionError("no " + variant + " " + metric + " at " + step)).value();
    }
}
