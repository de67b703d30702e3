package org.coopt.workbench.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import org.coopt.workbench.coopt.JlProjection;
import org.coopt.workbench.coopt.Uniformity;
import org.coopt.workbench.engine.Engines;
import org.coopt.workbench.io.Npy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The file commands end to end: results on the last stdout line; bad input: one stderr line, exit code 2. */
class CoreCommandsTest {
    @TempDir
    Path dir;

    record Result(int code, String out, String err) {
        String last() {
            String[] lines = out.strip().split("\n");
            return lines[lines.length - 1];
        }
    }

    static synchronized Result run(String... args) {
        PrintStream oldOut = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            System.setOut(o);
            CommandLine cl = Main.commandLine();
            cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
            cl.setOut(new PrintWriter(o, true));
            int code = cl.execute(args);
            o.flush();
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
        }
    }

    static float[] gaussian(int n, long seed) {
        Random r = new Random(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }

    void assertUserError(Result r, String fragment) {
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().strip().split("\n").length, "one line: " + r.err());
        assertTrue(r.err().contains(fragment), r.err());
    }

    @Test
    void uniformityProjectAlignApplyGiveTheLibraryResults() throws Exception {
        Path f = dir.resolve("f.npy");
        float[] fv = gaussian(200 * 24, 1);
        Npy.writeFloat32(f, fv, 200, 24);
        Result u = run("uniformity", "--features", f.toString());
        assertEquals(0, u.code(), u.err());
        try (NDManager m = NDManager.newBaseManager(Engines.device())) {
            double want = new Uniformity().value(m.create(fv, new ai.djl.ndarray.types.Shape(200, 24)));
            assertEquals(want, Double.parseDouble(u.last()), 1e-9);
        }
        Path t = dir.resolve("t.npy");
        Result p = run("project", "--features", f.toString(), "--dim", "8", "--seed", "3", "--out", t.toString());
        assertEquals(0, p.code(), p.err());
        assertEquals(t.toString(), p.last());
        Npy.FloatMatrix tm = Npy.readFloat32(t);
        assertEquals(8, tm.cols());
        float[] pv = new JlProjection(24, 8, 3).values();
        double s = 0;
        for (int j = 0; j < 24; j++) {
            s += fv[5 * 24 + j] * pv[j * 8 + 2];
        }
        assertEquals(s, tm.get(5, 2), 1e-4);
        // planted alignment: B = A W*; align recovers W*, apply reproduces B
        float[] w = gaussian(64, 9);
        float[] b = new float[200 * 8];
        for (int i = 0; i < 200; i++) {
            for (int j = 0; j < 8; j++) {
                for (int k = 0; k < 8; k++) {
                    b[i * 8 + j] += tm.get(i, k) * w[k * 8 + j];
                }
            }
        }
        Path bf = dir.resolve("b.npy");
        Npy.writeFloat32(bf, b, 200, 8);
        Path wf = dir.resolve("w.npy");
        for (String solver : new String[] {"ridge", "gradient"}) {
            Result a = run("align", "--source", t.toString(), "--reference", bf.toString(), "--out", wf.toString(),
                    "--solver", solver, "--lambda", "0.000001");
            assertEquals(0, a.code(), a.err());
            assertTrue(Double.parseDouble(a.last()) < 1e-3, solver + " objective " + a.last());
            assertArrayEquals(w, Npy.readFloat32(wf).data(), solver.equals("ridge") ? 1e-3f : 3e-2f);
        }
        Path t2 = dir.resolve("t2.npy");
        Result ap = run("apply", "--targets", t.toString(), "--matrix", wf.toString(), "--out", t2.toString());
        assertEquals(0, ap.code(), ap.err());
        assertArrayEquals(b, Npy.readFloat32(t2).data(), 0.1f);
    }

    @Test
    void badInputGetsOneLineAndExitCode2() throws Exception {
        Path f = dir.resolve("f.npy");
        Npy.writeFloat32(f, gaussian(30 * 6, 1), 30, 6);
        Path g = dir.resolve("g.npy");
        Npy.writeFloat32(g, gaussian(20 * 6, 2), 20, 6);
        Path ids = dir.resolve("ids.npy");
        Npy.writeInt64(ids, new long[] {1, 2, 3});
        Path nan = dir.resolve("nan.npy");
        float[] nv = gaussian(30 * 6, 3);
        nv[17] = Float.NaN;
        Npy.writeFloat32(nan, nv, 30, 6);
        Path out = dir.resolve("o.npy");
        assertUserError(run("uniformity", "--features", dir.resolve("missing.npy").toString()), "no such file");
        assertUserError(run("uniformity", "--features", ids.toString()), "float32 N×d");
        assertUserError(run("uniformity", "--features", nan.toString()), "row 2, column 5");
        assertUserError(run("project", "--features", f.toString(), "--dim", "7", "--seed", "1", "--out", out.toString()),
                "larger than the feature dimension 6");
        assertUserError(run("align", "--source", f.toString(), "--reference", g.toString(), "--out", out.toString()),
                "same shape");
        assertUserError(run("align", "--source", f.toString(), "--reference", f.toString(), "--out", out.toString(),
                "--solver", "sgd"), "unknown alignment solver");
        assertUserError(run("apply", "--targets", f.toString(), "--matrix", g.toString(), "--out", out.toString()),
                "do not chain");
        assertUserError(run("project", "--features", f.toString(), "--dim", "x", "--seed", "1", "--out", out.toString()),
                "see --help");
        assertUserError(run("platform", "init", "--dir", dir.resolve("p").toString(), "--dataset", "synthetic:train:10",
                "--participants", "20"), "among 20 participants");
        assertUserError(run("participant", "upload", "--dir", dir.resolve("nothing").toString(), "--id", "0"),
                "not a platform folder");
        for (String c : new String[] {"uniformity", "project", "align", "apply", "platform", "participant", "simulate"}) {
            Result h = run(c, "--help");
            assertEquals(0, h.code(), c);
            assertTrue(h.out().contains("Usage: coopt " + c), c + ": " + h.out());
        }
        assertEquals(0, run("platform", "init", "--help").code());
        assertEquals(0, run("participant", "optimize", "--help").code());
    }
}
