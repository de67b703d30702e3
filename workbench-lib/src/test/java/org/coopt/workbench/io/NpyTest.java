package org.coopt.workbench.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.coopt.workbench.engine.Engines;
import org.coopt.workbench.util.HangGuard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {
    @TempDir
    Path dir;

    static final Path PY = Path.of("/usr/bin/python3");

    static boolean numpyAvailable() {
        return ok("import numpy");
    }

    static boolean ok(String code) {
        try {
            Process p = new ProcessBuilder(PY.toString(), "-c", code).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return HangGuard.waitFor(p, "python3 -c " + code) == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    static String run(String code) {
        try {
            Process p = new ProcessBuilder(PY.toString(), "-c", code).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (HangGuard.waitFor(p, "python3 -c " + code) != 0) {
                throw new AssertionError("python failed: " + out);
            }
            return out;
        } catch (IOException | InterruptedException e) {
            return "";
        }
    }

    @Test
    void headerBytesMatchTheNpyV1SpecByHand() {
        byte[] h = Npy.header(Npy.DType.FLOAT32, new long[] {3, 4}, 0);
        assertEquals(128, h.length, "10 + header length is a multiple of 64 (numpy also writes 128 here)");
        assertEquals((byte) 0x93, h[0]);
        assertEquals("NUMPY", new String(h, 1, 5, StandardCharsets.US_ASCII));
        assertEquals(1, h[6]);
        assertEquals(0, h[7]);
        assertEquals(118, (h[8] & 0xff) | ((h[9] & 0xff) << 8));
        String dict = new String(h, 10, 118, StandardCharsets.US_ASCII);
        assertTrue(dict.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }"), dict);
        assertTrue(dict.endsWith(" \n"));
        String vec = new String(Npy.header(Npy.DType.INT64, new long[] {5}, 0), 10, 118, StandardCharsets.US_ASCII);
        assertTrue(vec.startsWith("{'descr': '<i8', 'fortran_order': False, 'shape': (5,), }"), vec);
    }

    @Test
    void floatAndLongRoundTripThroughMemoryMapping() throws IOException {
        Random r = new Random(1);
        int n = 37;
        int d = 5;
        float[] a = new float[n * d];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) r.nextGaussian();
        }
        Path f = dir.resolve("a.npy");
        Npy.writeFloat32(f, a, n, d);
        Npy.FloatMatrix back = Npy.readFloat32(f);
        assertEquals(n, back.rows());
        assertEquals(d, back.cols());
        assertArrayEquals(a, back.data());
        try (MappedNpy m = Npy.map(f)) {
            assertEquals(a[7 * d + 3], m.getFloat(7, 3));
            float[] row = new float[d];
            m.row(36, row);
            assertEquals(a[36 * d + 4], row[4]);
            try (NDManager mgr = NDManager.newBaseManager(Engines.device())) {
                NDArray block = m.rows(mgr, 10, 4);
                assertEquals(4, block.getShape().get(0));
                assertEquals(a[12 * d + 1], block.getFloat(2, 1));
                NDArray g = m.gather(mgr, new int[] {30, 2});
                assertEquals(a[30 * d], g.getFloat(0, 0));
                assertEquals(a[2 * d + 4], g.getFloat(1, 4));
            }
            assertThrows(IndexOutOfBoundsException.class, () -> m.readFloats(35, 3));
        }
        long[] ids = {0, 5, -3, Long.MAX_VALUE, 42};
        Path g = dir.resolve("ids.npy");
        Npy.writeInt64(g, ids);
        assertArrayEquals(ids, Npy.readInt64(g));
    }

    @Test
    void streamingWriterAppendsBatchesAndPublishesOnlyOnFinish() throws IOException {
        Path f = dir.resolve("t.npy");
        try (NDManager mgr = NDManager.newBaseManager(Engines.device());
             FloatWriter w = Npy.floatWriter(f, 3)) {
            w.append(mgr.arange(0f, 6f).reshape(2, 3));
            w.appendRow(new float[] {6, 7, 8});
            assertFalse(Files.exists(f), "nothing visible before finish()");
            w.finish();
        }
        Npy.FloatMatrix m = Npy.readFloat32(f);
        assertEquals(3, m.rows());
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8}, m.data());
        Path g = dir.resolve("aborted.npy");
        try (FloatWriter w = Npy.floatWriter(g, 2)) {
            w.appendRow(new float[] {1, 2});
        }
        assertFalse(Files.exists(g), "closed without finish(): nothing published");
        try (var s = Files.list(dir)) {
            assertEquals(List.of("t.npy"), s.map(p -> p.getFileName().toString()).toList(), "no temp left");
        }
    }

    @Test
    void numpyLoadsWhatWeWriteAndWeLoadWhatNumpyWrites() throws IOException {
        assumeTrue(ok("import numpy"), "/usr/bin/python3 with numpy not available; header bytes are checked by hand above");
        Path f = dir.resolve("w.npy");
        Npy.writeFloat32(f, new float[] {1.5f, -2f, 3.25f, 4f, 5f, 6f}, 2, 3);
        Path ids = dir.resolve("ids.npy");
        Npy.writeInt64(ids, new long[] {9, 8, 7});
        Path s = dir.resolve("s.npy");
        try (FloatWriter w = Npy.floatWriter(s, 2)) {
            w.appendRow(new float[] {1, 2});
            w.finish();
        }
        String out = run("import numpy as np; a=np.load('" + f + "'); i=np.load('" + ids + "'); s=np.load('" + s + "');"
                + "print(a.dtype, a.shape, a.sum(), a[1,2], i.dtype, i.shape, list(i), s.shape, s.sum())");
        assertEquals("float32 (2, 3) 17.75 6.0 int64 (3,) [9, 8, 7] (1, 2) 3.0", out);

        Path p = dir.resolve("py.npy");
        Path q = dir.resolve("pyi.npy");
        run("import numpy as np; np.save('" + p + "', np.arange(12, dtype='float32').reshape(4,3)*0.5);"
                + "np.save('" + q + "', np.array([3,1,2], dtype='int64'))");
        Npy.FloatMatrix m = Npy.readFloat32(p);
        assertEquals(4, m.rows());
        assertEquals(5.5f, m.get(3, 2));
        assertArrayEquals(new long[] {3, 1, 2}, Npy.readInt64(q));

        Path f64 = dir.resolve("f64.npy");
        Path fort = dir.resolve("fortran.npy");
        Path r3 = dir.resolve("r3.npy");
        run("import numpy as np; np.save('" + f64 + "', np.zeros((2,2)));"
                + "np.save('" + fort + "', np.asfortranarray(np.zeros((2,3), dtype='float32')));"
                + "np.save('" + r3 + "', np.zeros((2,2,2), dtype='float32'))");
        assertTrue(assertThrows(NpyFormatException.class, () -> Npy.map(f64)).getMessage().contains("'<f8' is not supported"));
        assertTrue(assertThrows(NpyFormatException.class, () -> Npy.map(fort)).getMessage().contains("Fortran"));
        assertTrue(assertThrows(NpyFormatException.class, () -> Npy.map(r3)).getMessage().contains("rank 3"));
    }

    @Test
    void clearErrorsForBadFiles() throws IOException {
        assertTrue(assertThrows(NpyFormatException.class, () -> Npy.map(dir.resolve("missing.npy")))
                .getMessage().contains("no such file"));
        Path junk = dir.resolve("junk.npy");
        Files.writeString(junk, "hello, this is not numpy at all");
        assertTrue(assertThrows(NpyFormatException.class, () -> Npy.map(junk)).getMessage().contains("magic"));
        Path f = dir.resolve("f.npy");
        Npy.writeFloat32(f, new float[12], 4, 3);
        byte[] all = Files.readAllBytes(f);
        Path cut = dir.resolve("cut.npy");
        Files.write(cut, java.util.Arrays.copyOf(all, all.length - 5));
        assertTrue(assertThrows(NpyFormatException.class, () -> Npy.map(cut)).getMessage().contains("truncated"));
        // hand-written header: little-endian float64 and Fortran order, without numpy
        Path hand = dir.resolve("hand.npy");
        byte[] text = "{'descr': '<f4', 'fortran_order': True, 'shape': (1, 1), }    \n".getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(10 + text.length + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.put(Npy.MAGIC).put((byte) 1).put((byte) 0).putShort((short) text.length).put(text).putFloat(1f);
        Files.write(hand, b.array());
        assertTrue(assertThrows(NpyFormatException.class, () -> Npy.map(hand)).getMessage().contains("Fortran"));
        Path ids = dir.resolve("ids.npy");
        Npy.writeInt64(ids, new long[] {1, 2});
        assertTrue(assertThrows(NpyFormatException.class, () -> Npy.mapMatrix(ids, "features"))
                .getMessage().contains("float32 N×d"));
    }
}
