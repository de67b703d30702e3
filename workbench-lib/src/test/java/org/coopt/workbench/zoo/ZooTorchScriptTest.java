package org.coopt.workbench.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDManager;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.coopt.workbench.cli.Main;
import org.coopt.workbench.util.UserInputException;
import org.coopt.workbench.data.Datasets;
import org.coopt.workbench.data.ImageDataset;
import org.coopt.workbench.data.Split;
import org.coopt.workbench.engine.Engines;
import org.coopt.workbench.eval.BlockFeatures;
import org.coopt.workbench.eval.FeatureMatrix;
import org.coopt.workbench.eval.LinearProbe;
import org.coopt.workbench.eval.ProbeResult;
import org.coopt.workbench.eval.ProbeSettings;
import org.coopt.workbench.prior.PriorModel;
import org.coopt.workbench.prior.TorchScriptPrior;
import org.coopt.workbench.run.Seeds;
import org.coopt.workbench.util.Hashing;
import org.coopt.workbench.util.HangGuard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's TorchScript model joins a smoke zoo (built into a temp folder; Fashion-MNIST and MNIST must be
 * installed: './coopt setup') by path, through the library and through {@code ./coopt zoo add|list}.
 */
class ZooTorchScriptTest {
    static final Path PY = Path.of("/usr/bin/python3");

    @TempDir
    Path dir;

    @Test
    void userTorchScriptJoinsTheZooByPathAndIsRefusedOnceChanged() throws Exception {
        assumeTrue(Files.isExecutable(PY) && python("import torch") == 0,
                "needs /usr/bin/python3 with Debian python3-torch to write a TorchScript file");
        Path pt = dir.resolve("models").resolve("tiny.pt");
        Path other = dir.resolve("models").resolve("other.pt");
        Files.createDirectories(pt.getParent());
        assertEquals(0, python(export(pt, 0)), "python export failed");
        assertEquals(0, python(export(other, 1)), "python export failed");

        Path zoo = dir.resolve("cache").resolve("zoo").resolve("smoke");
        ZooSettings s = ZooSettings.smoke();
        PriorZoo.Index built = PriorZoo.builder(s).into(zoo).build();
        int before = built.entries().size();

        // zoo add through the CLI, with the cache pointed at the temp folder (never the real ~/.cache/coopt)
        String old = System.getProperty("coopt.cache");
        System.setProperty("coopt.cache", dir.resolve("cache").toString());
        try {
            String[] add = cli(0, "zoo", "add", "--preset", "smoke", "--torchscript", pt.toString(), "--id", "mine");
            assertTrue(add[0].trim().split("\n")[add[0].trim().split("\n").length - 1].startsWith("added mine"), add[0]);
            String[] list = cli(0, "zoo", "list", "--preset", "smoke");
            assertTrue(list[0].lines().anyMatch(l -> l.startsWith("mine ") && l.contains("torchscript")
                    && l.contains(pt.toString())), list[0]);
            assertTrue(cli(2, "zoo", "add", "--preset", "smoke", "--torchscript", other.toString(), "--id", "mine")[1]
                    .contains("already has an entry 'mine'"));
            assertTrue(cli(2, "zoo", "add", "--preset", "smoke", "--torchscript", dir.resolve("none.pt").toString(),
                    "--id", "x")[1].contains("no such TorchScript file"));
            Files.writeString(dir.resolve("bad.pt"), "not a model", StandardCharsets.UTF_8);
            assertTrue(cli(2, "zoo", "add", "--preset", "smoke", "--torchscript", dir.resolve("bad.pt").toString(),
                    "--id", "x")[1].contains("not a loadable TorchScript model"));
            assertTrue(cli(2, "zoo", "add", "--preset", "smoke-synthetic", "--torchscript", pt.toString(), "--id", "x")[1]
                    .contains("./coopt zoo build --preset smoke-synthetic"), "zoo not built says how to build it");
        } finally {
            if (old == null) {
                System.clearProperty("coopt.cache");
            } else {
                System.setProperty("coopt.cache", old);
            }
        }

        PriorZoo.Index idx = PriorZoo.index(zoo);
        assertEquals(before + 1, idx.entries().size(), "failed adds leave zoo.json as it was");
        ZooEntry e = idx.entries().get(before);
        assertEquals("mine", e.id());
        assertEquals("torchscript", e.kind());
        assertEquals(pt.toAbsolutePath().toString(), e.folder());
        assertTrue(Path.of(e.folder()).isAbsolute());
        assertEquals("user", e.trainingData());
        assertEquals(Hashing.sha256(pt), e.trainingDataSha256());
        assertEquals(16, e.featureDim());
        assertTrue(e.probeAccuracy() >= 0 && e.probeAccuracy() <= 1, e.toString());

        // features through the zoo equal TorchScriptPrior's own; the recorded probe is the documented one
        ImageDataset train = Datasets.load("fashion-mnist", Split.TRAIN);
        ImageDataset pool = PriorPoolSplit.of(train.size(), s.priorPoolSize(), new Seeds(s.seed()).child("split"))
                .priorPool(train);
        int[] rows = {0, 7, 999};
        try (PriorModel z = PriorZoo.open(zoo, e); TorchScriptPrior direct = TorchScriptPrior.load(pt, 1, 28);
             NDManager m = NDManager.newBaseManager(Engines.device())) {
            assertEquals(16, z.outputDim());
            assertArrayEquals(direct.extract(m, pool, rows).toFloatArray(), z.extract(m, pool, rows).toFloatArray(), 0f);
            ImageDataset test = Datasets.load("fashion-mnist", Split.TEST);
            test = test.subset(java.util.stream.IntStream.range(0, s.testLimit()).toArray(), "first");
            ImageDataset probeTrain = train.subset(java.util.stream.IntStream.range(0, s.probeTrainSize()).toArray(),
                    "first");
            FeatureMatrix ftr = BlockFeatures.extract((sm, ix) -> direct.extract(sm, probeTrain, ix), probeTrain, 100);
            ImageDataset t = test;
            FeatureMatrix fte = BlockFeatures.extract((sm, ix) -> direct.extract(sm, t, ix), t, 100);
            ProbeResult want = LinearProbe.fit(ftr, BlockFeatures.labels(probeTrain), fte, BlockFeatures.labels(test),
                    ProbeSettings.defaults().withEpochs(s.probeEpochs())
                            .withSeed(new Seeds(s.seed()).split("user").child("mine")));
            assertEquals(want.accuracy(), e.probeAccuracy(), 1e-9, "same probe-train, test data and probe settings");
        }

        // rebuilding keeps the user's entry
        PriorZoo.Index again = PriorZoo.builder(s).into(zoo).build();
        assertEquals(idx.entries(), again.entries());

        // duplicate id through the library, and the id check happens before any work
        assertThrows(UserInputException.class, () -> ZooBuilder.addTorchScript(zoo, other, "mine", 1, 28));
        assertThrows(UserInputException.class, () -> ZooBuilder.addTorchScript(zoo, other, "bad id!", 1, 28));
        assertThrows(UserInputException.class, () -> ZooBuilder.addTorchScript(zoo, other, "three", 3, 28));

        // changed file: refused with its hash; vanished file: refused
        Files.copy(other, pt, StandardCopyOption.REPLACE_EXISTING);
        assertNotEquals(e.trainingDataSha256(), Hashing.sha256(pt));
        assertTrue(assertThrows(UserInputException.class, () -> PriorZoo.open(zoo, e)).getMessage()
                .contains("changed since it was added"));
        Files.delete(pt);
        assertTrue(assertThrows(UserInputException.class, () -> PriorZoo.open(zoo, e)).getMessage()
                .contains("is gone"));
    }

    /** A 1×28×28 → 16 model: conv 1→4 (3×3, stride 2), ReLU, 2×2 adaptive average pool, flatten. */
    private static String export(Path pt, int seed) {
        return String.join("\n",
                "import torch",
                "torch.manual_seed(" + seed + ")",
                "m = torch.nn.Sequential(torch.nn.Conv2d(1, 4, 3, stride=2), torch.nn.ReLU(), "
                        + "torch.nn.AdaptiveAvgPool2d(2), torch.nn.Flatten()).eval()",
                "torch.jit.trace(m, torch.zeros(2, 1, 28, 28)).save('" + pt + "')");
    }

    /** Runs Main; asserts the exit code; returns {stdout, stderr}. */
    private static String[] cli(int expectedCode, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = Main.commandLine().execute(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        String[] r = {out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
        assertEquals(expectedCode, code, String.join(" ", args) + "\n" + r[0] + r[1]);
        return r;
    }

    private static int python(String code) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(PY.toString(), "-c", code)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return HangGuard.waitFor(p, "python3 -c " + code);
    }
}
