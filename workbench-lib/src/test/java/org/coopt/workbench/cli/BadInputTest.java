package org.coopt.workbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.coopt.workbench.cli.CoreCommandsTest.Result;
import org.coopt.workbench.data.FashionMnist;
import org.coopt.workbench.io.Npy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input that used to end in a stack trace (exit 1) or in a meaningless result (exit 0): each now gives one
 * stderr line naming what is wrong, exit code 2, and writes nothing.
 */
class BadInputTest {
    @TempDir
    Path dir;

    static void assertUserError(Result r, String fragment) {
        assertEquals(2, r.code(), "exit 2: " + r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        assertTrue(r.err().contains(fragment), "'" + fragment + "' in: " + r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    Path matrix(String name, float[] v, int rows, int cols) throws Exception {
        Path f = dir.resolve(name);
        Npy.writeFloat32(f, v, rows, cols);
        return f;
    }

    @Test
    void emptyAndNonFiniteArraysAreRefused() throws Exception {
        Path empty = matrix("empty.npy", new float[0], 10, 0);
        Path noRows = matrix("norows.npy", new float[0], 0, 8);
        assertUserError(CoreCommandsTest.run("uniformity", "--features", empty.toString()), "empty 10×0 matrix");
        assertUserError(CoreCommandsTest.run("project", "--features", noRows.toString(), "--dim", "4", "--seed", "1",
                "--out", dir.resolve("p.npy").toString()), "empty 0×8 matrix");
        assertFalse(Files.exists(dir.resolve("p.npy")));
        Path w = matrix("w.npy", new float[64], 8, 8);
        assertUserError(CoreCommandsTest.run("apply", "--targets", noRows.toString(), "--matrix", w.toString(), "--out",
                dir.resolve("a.npy").toString()), "empty 0×8 matrix");

        float[] f = CoreCommandsTest.gaussian(40 * 4, 3);
        f[17] = Float.NaN;
        Path nan = matrix("nan.npy", f, 40, 4);
        Path ok = matrix("ok.npy", CoreCommandsTest.gaussian(40 * 4, 4), 40, 4);
        Path labels = dir.resolve("y.npy");
        long[] y = new long[40];
        java.util.Arrays.setAll(y, i -> i % 2);
        Npy.writeInt64(labels, y);
        assertUserError(CoreCommandsTest.run("probe", "--train-features", nan.toString(), "--train-labels", labels.toString(),
                "--test-features", ok.toString(), "--test-labels", labels.toString()), "every value must be finite");
        assertUserError(CoreCommandsTest.run("probe", "--train-features", noRows.toString(), "--train-labels", labels.toString(),
                "--test-features", ok.toString(), "--test-labels", labels.toString()), "empty 0×8 matrix");
    }

    @Test
    void alignRefusesSingularOrNonFiniteSettingsAndApplyRefusesOverflow() throws Exception {
        Path zero = matrix("zero.npy", new float[20 * 4], 20, 4);
        Path ref = matrix("ref.npy", CoreCommandsTest.gaussian(20 * 4, 5), 20, 4);
        Path out = dir.resolve("t.npy");
        assertUserError(CoreCommandsTest.run("align", "--source", zero.toString(), "--reference", ref.toString(), "--out",
                out.toString()), "all zero");
        assertUserError(CoreCommandsTest.run("align", "--source", ref.toString(), "--reference", ref.toString(), "--out",
                out.toString(), "--lambda", "Infinity"), "'Infinity' is not a finite number");
        assertUserError(CoreCommandsTest.run("align", "--source", ref.toString(), "--reference", ref.toString(), "--out",
                out.toString(), "--lambda", "-3"), "finite λ >= 0");
        assertFalse(Files.exists(out));
        assertUserError(CoreCommandsTest.run("align", "--source", ref.toString(), "--reference", ref.toString(), "--out",
                dir.toString()), "is a folder");
        assertUserError(CoreCommandsTest.run("project", "--features", ref.toString(), "--dim", "2", "--seed", "1", "--out",
                dir.toString()), "is a folder");

        float[] huge = new float[16];
        java.util.Arrays.fill(huge, 3e38f);
        Path w = matrix("huge.npy", huge, 4, 4);
        Path applied = dir.resolve("applied.npy");
        assertUserError(CoreCommandsTest.run("apply", "--targets", ref.toString(), "--matrix", w.toString(), "--out",
                applied.toString()), "overflows float32");
        assertFalse(Files.exists(applied), "nothing written");
    }

    @Test
    void absurdNpyHeadersAreRefused() throws Exception {
        for (String shape : List.of("(4611686018427387904, 4)", "(10, 12345678901234567890123)", "(-3, 4)")) {
            Path f = dir.resolve("bad.npy");
            String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }";
            StringBuilder h = new StringBuilder(dict);
            while ((10 + h.length() + 1) % 64 != 0) {
                h.append(' ');
            }
            h.append('\n');
            byte[] head = h.toString().getBytes(StandardCharsets.ISO_8859_1);
            java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
            b.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) (head.length & 0xff), (byte) (head.length >> 8)});
            b.write(head);
            b.write(new byte[64]);
            Files.write(f, b.toByteArray());
            assertUserError(CoreCommandsTest.run("uniformity", "--features", f.toString()), "the header's shape");
        }
    }

    @Test
    void participantAndPlatformOptionsAreValidatedBeforeAnyWork() throws Exception {
        assumeTrue(FashionMnist.available(Path.of(FashionMnist.DEFAULT_DIR)), "Fashion-MNIST not installed");
        String plat = dir.resolve("p").toString();
        assertUserError(CoreCommandsTest.run("platform", "init", "--dir", plat, "--dataset", "fashion-mnist:train:500",
                "--participants", "2", "--lambda", "NaN"), "'NaN' is not a finite number");
        assertUserError(CoreCommandsTest.run("platform", "init", "--dir", plat, "--dataset", "fashion-mnist:train:500",
                "--participants", "2", "--dim", "100000"), "exceeds the 500 samples");
        assertFalse(Files.exists(Path.of(plat, "platform.json")));
        Result init = CoreCommandsTest.run("platform", "init", "--dir", plat, "--dataset", "fashion-mnist:train:500",
                "--participants", "2", "--dim", "8");
        assertEquals(0, init.code(), init.err());
        String info = org.coopt.workbench.coopt.Platform.open(Path.of(plat)).partition().info().toString();
        assertTrue(info.contains("subsets of [250, 250]"), "sizes printed as numbers, not [I@...: " + info);

        assertUserError(CoreCommandsTest.run("participant", "optimize", "--dir", plat, "--id", "+1", "--prior", "human"),
                "not a participant index");
        assertUserError(CoreCommandsTest.run("participant", "upload", "--dir", plat, "--id", "01"), "not a participant index");
        assertUserError(CoreCommandsTest.run("participant", "optimize", "--dir", plat, "--id", "0", "--prior", "human",
                "--batch", "0"), "batch size must be >= 1");
        assertUserError(CoreCommandsTest.run("participant", "optimize", "--dir", plat, "--id", "0", "--prior", "human",
                "--cache", Files.writeString(dir.resolve("a-file"), "x").toString()), "is a file");
        assertUserError(CoreCommandsTest.run("participant", "optimize", "--dir", plat, "--id", "0", "--prior",
                "random:convnet:100000:1"), "width 100000 (1..1024)");

        Files.writeString(Path.of(plat, "platform.json"), "{\"protocol\": \"coopt-platform/1\", \"settings\": {");
        assertUserError(CoreCommandsTest.run("platform", "status", "--dir", plat), "platform.json is not a valid");
    }

    @Test
    void fileSystemRefusalsAreOneLine() {
        assertTrue(Main.fileSystemMessage(new RuntimeException(new java.nio.file.AccessDeniedException("/x/platform.json")))
                .startsWith("permission denied: /x/platform.json"));
        assertTrue(Main.fileSystemMessage(new java.nio.file.DirectoryNotEmptyException("/x/merged"))
                .startsWith("/x/merged"));
        assertEquals(null, Main.fileSystemMessage(new IllegalStateException("a bug")));
    }
}
