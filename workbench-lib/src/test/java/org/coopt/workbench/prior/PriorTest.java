package org.coopt.workbench.prior;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import org.coopt.workbench.util.UserInputException;
import org.coopt.workbench.data.ImageDataset;
import org.coopt.workbench.data.SyntheticImages;
import org.coopt.workbench.engine.Engines;
import org.coopt.workbench.io.MappedNpy;
import org.coopt.workbench.io.Npy;
import org.coopt.workbench.nn.Architectures.ArchSpec;
import org.coopt.workbench.util.HangGuard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PriorTest {
    @TempDir
    Path dir;

    static final ArchSpec SPEC = new ArchSpec("convnet", 4, 1, 16);

    static ImageDataset data(int n) {
        return SyntheticImages.generate(n, 1, 16, 4, 1);
    }

    @Test
    void blockPriorSavesAndLoadsWithTheSameHashAndFeatures() throws IOException {
        ImageDataset d = data(20);
        int[] idx = {0, 5, 19};
        try (BlockPrior p = RandomPrior.create(SPEC, 3); NDManager m = NDManager.newBaseManager(Engines.device())) {
            float[] before = p.extract(m, d, idx).toFloatArray();
            assertEquals(4 * 2 * 2, p.outputDim());
            PriorInfo info = BlockPrior.save(dir.resolve("p"), p.block(), SPEC, Map.of("id", "weak", "kind", "checkpoint",
                    "epoch", 1));
            assertEquals(p.contentHash(), info.contentHash(), "hash depends on spec and weights only");
            try (BlockPrior q = BlockPrior.load(dir.resolve("p"))) {
                assertEquals("weak", q.id());
                assertEquals("checkpoint", q.kind());
                assertEquals(1.0, ((Number) q.info().meta().get("epoch")).doubleValue());
                assertEquals(p.contentHash(), q.contentHash());
                assertArrayEquals(before, q.extract(m, d, idx).toFloatArray(), 1e-6f);
            }
            // eval mode: a sample's features do not depend on the rest of the batch (batch norm uses running stats)
            float[] alone = p.extract(m, d, new int[] {5}).toFloatArray();
            float[] inBatch = p.extract(m, d, idx).get(1).toFloatArray();
            assertArrayEquals(alone, inBatch, 1e-5f);
        }
        Path params = dir.resolve("p").resolve(PriorInfo.PARAMS);
        byte[] b = Files.readAllBytes(params);
        b[b.length - 3] ^= 0x55;
        Files.write(params, b);
        assertTrue(assertThrows(UserInputException.class, () -> BlockPrior.load(dir.resolve("p"))).getMessage()
                .contains("content hash"));
        assertThrows(UserInputException.class, () -> BlockPrior.load(dir.resolve("nothing")));
    }

    @Test
    void randomPriorIsSeeded() {
        try (BlockPrior a = RandomPrior.create(SPEC, 7); BlockPrior b = RandomPrior.create(SPEC, 7);
             BlockPrior c = RandomPrior.create(SPEC, 8)) {
            assertEquals(a.contentHash(), b.contentHash());
            assertNotEquals(a.contentHash(), c.contentHash());
            assertEquals("random", a.kind());
        }
    }

    @Test
    void humanPriorIsOneHotLabels() throws IOException {
        ImageDataset d = data(9);
        try (PriorModel h = Priors.open("human", d); NDManager m = NDManager.newBaseManager(Engines.device())) {
            float[] f = h.extract(m, d, new int[] {0, 1, 6}).toFloatArray();
            assertEquals(4, h.outputDim());
            float[] want = new float[12];
            int[] idx = {0, 1, 6};
            for (int r = 0; r < 3; r++) {
                want[r * 4 + d.label(idx[r])] = 1;
            }
            assertArrayEquals(want, f);
        }
    }

    @Test
    void featureExtractorStreamsToDiskAndSecondRunComputesNothing() throws IOException {
        ImageDataset d = data(70);
        FeatureExtractor fx = new FeatureExtractor(dir.resolve("cache"), 16);
        try (PriorModel p = Priors.open("random:convnet:4:2", d); NDManager m = NDManager.newBaseManager(Engines.device())) {
            Features first = fx.extract(p, d);
            assertFalse(first.cached());
            assertEquals(70, first.rows());
            assertTrue(first.file().startsWith(dir.resolve("cache").resolve("features")));
            try (MappedNpy f = Npy.map(first.file())) {
                assertEquals(70, f.rows());
                assertArrayEquals(p.extract(m, d, new int[] {33}).toFloatArray(), f.readFloats(33, 1), 1e-5f);
                assertArrayEquals(p.extract(m, d, new int[] {69}).toFloatArray(), f.readFloats(69, 1), 1e-5f);
            }
            Files.setLastModifiedTime(first.file(), FileTime.fromMillis(1000));
            Features second = fx.extract(p, d);
            assertTrue(second.cached(), "second run computes nothing");
            assertEquals(first.file(), second.file());
            assertEquals(1000, Files.getLastModifiedTime(second.file()).toMillis(), "cache file not rewritten");
            ImageDataset sub = d.subset(new int[] {1, 2, 3}, "sub");
            assertNotEquals(first.file(), fx.cacheFile(p, sub), "other data, other entry");
        }
    }

    @Test
    void torchScriptPriorMatchesPythonOutput() throws Exception {
        Path py = Path.of("/usr/bin/python3");
        assumeTrue(Files.isExecutable(py) && run(py, "import torch") == 0,
                "needs /usr/bin/python3 with Debian python3-torch to write a TorchScript file");
        Path pt = dir.resolve("tiny.pt");
        Path out = dir.resolve("out.npy");
        String code = String.join("\n",
                "import torch, numpy as np",
                "torch.manual_seed(0)",
                "m = torch.nn.Sequential(torch.nn.Conv2d(1, 3, 3), torch.nn.ReLU(), torch.nn.AdaptiveAvgPool2d(2), torch.nn.Flatten()).eval()",
                "x = torch.arange(2*1*16*16, dtype=torch.float32).reshape(2,1,16,16) / 512.0",
                "t = torch.jit.trace(m, x)",
                "t.save('" + pt + "')",
                "np.save('" + out + "', t(x).detach().numpy().astype('float32'))");
        assertEquals(0, run(py, code), "python export failed");
        try (TorchScriptPrior p = TorchScriptPrior.load(pt, 1, 16); NDManager m = NDManager.newBaseManager(Engines.device())) {
            assertEquals(12, p.outputDim());
            assertEquals("torchscript", p.kind());
            NDArray x = m.arange(0f, 512f).reshape(2, 1, 16, 16).div(512f);
            assertArrayEquals(Npy.readFloat32(out).data(), p.features(x).toFloatArray(), 1e-5f);
        }
        assertThrows(UserInputException.class, () -> TorchScriptPrior.load(dir.resolve("none.pt"), 1, 16));
        Files.writeString(dir.resolve("bad.pt"), "not a model", StandardCharsets.UTF_8);
        assertThrows(UserInputException.class, () -> TorchScriptPrior.load(dir.resolve("bad.pt"), 1, 16));
    }

    @Test
    void modelZooUrlFailsClearlyOffline() {
        Engines.get();
        assumeTrue("true".equals(System.getProperty("ai.djl.offline")));
        UserInputException e = assertThrows(UserInputException.class,
                () -> Priors.open("djl://ai.djl.pytorch/resnet18_embedding", data(2)));
        assertTrue(e.getMessage().contains("offline"), e.getMessage());
    }

    static int run(Path py, String code) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(py.toString(), "-c", code).redirectErrorStream(true).start();
        String o = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (HangGuard.waitFor(p, "python3 -c " + code) != 0) {
            System.err.println(o);
        }
        return p.exitValue();
    }
}
