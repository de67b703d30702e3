package org.coopt.workbench.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import javax.imageio.ImageIO;
import org.coopt.workbench.util.HangGuard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parallel gathering of lazily decoded data: same bytes as the serial loop, each position decoded once. */
class ImageBatchesGatherTest {
    @TempDir
    Path root;

    /** Sample i: every byte is (i·7 + position) mod 256; records calls per sample and the calling threads. */
    static final class Recording implements ImageDataset {
        final boolean lazy;
        final AtomicIntegerArray calls = new AtomicIntegerArray(20);
        final Set<String> threads = ConcurrentHashMap.newKeySet();
        /** Two decodes meet here: the first waits (up to a hang guard) until a second thread decodes too. */
        final CountDownLatch twoDecoding = new CountDownLatch(2);

        /**
         * Holds the first decode until another thread is decoding as well, so a parallel gather is seen to use two
         * threads however busy the machine is (a serial gather fails the test after the guard instead).
         */
        void meet() {
            if (twoDecoding.getCount() == 0) {
                return;
            }
            twoDecoding.countDown();
            try {
                twoDecoding.await(HangGuard.SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Whether the first decode waits for a second thread (only where the gather can be parallel). */
        final boolean meeting;

        Recording(boolean lazy) {
            this(lazy, false);
        }

        Recording(boolean lazy, boolean meeting) {
            this.lazy = lazy;
            this.meeting = meeting;
        }

        @Override
        public String name() {
            return "recording";
        }

        @Override
        public int size() {
            return 20;
        }

        @Override
        public int channels() {
            return 2;
        }

        @Override
        public int height() {
            return 3;
        }

        @Override
        public int width() {
            return 5;
        }

        @Override
        public List<String> classNames() {
            return List.of();
        }

        @Override
        public int label(int i) {
            return -1;
        }

        @Override
        public void pixels(int i, byte[] dst, int offset) {
            calls.incrementAndGet(i);
            threads.add(Thread.currentThread().getName());
            if (meeting) {
                meet();
            }
            for (int k = 0; k < 30; k++) {
                dst[offset + k] = (byte) (i * 7 + k);
            }
        }

        @Override
        public boolean decodesOnAccess() {
            return lazy;
        }

        @Override
        public float[] mean() {
            return new float[] {0, 0};
        }

        @Override
        public float[] std() {
            return new float[] {1, 1};
        }

        @Override
        public String sha256() {
            return "0";
        }
    }

    static byte[] serial(ImageDataset ds, int[] idx) {
        byte[] out = new byte[idx.length * ds.sampleBytes()];
        for (int i = 0; i < idx.length; i++) {
            ds.pixels(idx[i], out, i * ds.sampleBytes());
        }
        return out;
    }

    @Test
    void aLazyDatasetIsGatheredInParallelIntoTheSameBytes() {
        boolean cores = Runtime.getRuntime().availableProcessors() > 1;
        Recording lazy = new Recording(true, cores);
        int[] idx = {3, 19, 0, 3, 7, 12, 5, 5, 18, 1, 2, 4, 6, 8, 9, 10};
        byte[] got = ImageBatches.gather(lazy, idx);
        assertArrayEquals(serial(new Recording(false), idx), got);
        assertEquals(2, lazy.calls.get(3), "sample 3 sits at two positions");
        assertEquals(1, lazy.calls.get(19));
        assertEquals(0, lazy.calls.get(11));
        if (cores) {
            assertTrue(lazy.threads.size() > 1, "decoded on " + lazy.threads);
        }
        Recording memory = new Recording(false);
        ImageBatches.gather(memory, idx);
        assertEquals(Set.of(Thread.currentThread().getName()), memory.threads, "in-memory data is copied serially");
    }

    @Test
    void indicesAreCheckedBeforeAnyDecoding() {
        Recording lazy = new Recording(true);
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                () -> ImageBatches.gather(lazy, new int[] {0, 1, 20}));
        assertEquals("sample 20 is outside 0..19 of dataset recording", e.getMessage());
        for (int i = 0; i < 20; i++) {
            assertEquals(0, lazy.calls.get(i));
        }
    }

    @Test
    void anImageFolderGathersDeterministically() throws IOException {
        for (int i = 0; i < 24; i++) {
            Path p = root.resolve("train/c" + (i % 3) + "/" + i + ".png");
            Files.createDirectories(p.getParent());
            ImageIO.write(ImageFolderDatasetTest.rgb(12, i * 9), "png", p.toFile());
        }
        ImageFolderDataset ds = ImageFolderDataset.open(root, Split.TRAIN, ImageFolderOptions.defaults().withSize(5));
        assertTrue(ds.decodesOnAccess());
        ImageDataset sub = ds.subset(new int[] {23, 0, 11}, "sub");
        assertTrue(sub.decodesOnAccess(), "a view of an image folder decodes on access");
        int[] idx = {23, 0, 11, 11, 5, 17, 2, 8, 20, 14, 1, 3};
        byte[] expected = serial(ds, idx);
        for (int rep = 0; rep < 3; rep++) {
            assertArrayEquals(expected, ImageBatches.gather(ds, idx), "repeat " + rep);
        }
        assertArrayEquals(serial(sub, new int[] {2, 0}), ImageBatches.gather(sub, new int[] {2, 0}));
        DatasetException bad = assertThrows(DatasetException.class, () -> {
            Files.writeString(ds.file(5), "garbage");
            ImageBatches.gather(ds, idx);
        });
        assertTrue(bad.getMessage().startsWith("cannot decode image " + ds.file(5)), bad.getMessage());
    }
}
