package org.coopt.workbench.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.coopt.workbench.io.Npy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The decoded-image cache holds exactly the folder's decoded pixels, keyed by the decode size. */
class DecodedImagesTest {
    @TempDir
    Path root;

    @TempDir
    Path cache;

    private void plant(int n) throws IOException {
        for (int i = 0; i < n; i++) {
            Path p = root.resolve("train/c" + (i % 3) + "/" + i + ".png");
            Files.createDirectories(p.getParent());
            ImageIO.write(ImageFolderDatasetTest.rgb(12, i * 11), "png", p.toFile());
        }
    }

    private static byte[] pixels(ImageDataset ds, int i) {
        byte[] b = new byte[ds.sampleBytes()];
        ds.pixels(i, b, 0);
        return b;
    }

    private static long files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    @Test
    void theCacheHoldsTheDecodedPixelsAndIsReadWithoutTheImages() throws IOException {
        plant(10);
        ImageFolderDataset lazy = ImageFolderDataset.open(root, Split.TRAIN, new ImageFolderOptions(6, 3, 4));
        assertNull(DecodedImages.open(cache, lazy), "nothing cached yet");
        DecodedImages c = DecodedImages.build(cache, lazy, DecodedImages.MAX_BYTES);
        Path f = cache.resolve("decoded").resolve(lazy.sha256() + ".npy");
        assertEquals(f, c.file());
        Npy.Header h = Npy.readHeader(f);
        assertEquals(Npy.DType.UINT8, h.dtype());
        assertArrayEquals(new long[] {10, 3, 6, 6}, h.shape());
        assertEquals(h.dataOffset() + 10 * 3 * 36, Files.size(f));
        assertEquals(2, files(f.getParent()), "the cache file and its SHA-256 sidecar; no temporary file left");
        for (int i = 0; i < 10; i++) {
            assertArrayEquals(pixels(lazy, i), pixels(c, i), "sample " + i);
        }
        assertArrayEquals(lazy.labels(), c.labels());
        assertEquals(lazy.classNames(), c.classNames());
        assertEquals(lazy.sha256(), c.sha256());
        assertEquals(lazy.name(), c.name());
        assertArrayEquals(lazy.mean(), c.mean());
        assertArrayEquals(lazy.std(), c.std());
        assertFalse(c.decodesOnAccess());
        int[] idx = {9, 0, 4, 4};
        assertArrayEquals(ImageBatches.gather(lazy, idx), ImageBatches.gather(c, idx));
        // The images are gone: a fresh cached view still has every pixel.
        byte[] before = pixels(c, 7);
        for (int i = 0; i < 10; i++) {
            Files.delete(lazy.file(i));
        }
        DecodedImages again = DecodedImages.open(cache, lazy);
        assertArrayEquals(before, pixels(again, 7));
        assertThrows(IndexOutOfBoundsException.class, () -> again.pixels(10, new byte[108], 0));
    }

    @Test
    void tooLargeOrUndecodableLeavesNoFile() throws IOException {
        plant(4);
        ImageFolderDataset lazy = ImageFolderDataset.open(root, Split.TRAIN, new ImageFolderOptions(8, 3, 4));
        DatasetException big = assertThrows(DatasetException.class, () -> DecodedImages.build(cache, lazy, 4 * 192 - 1));
        assertTrue(big.getMessage().startsWith("imagefolder-" + root.getFileName() + "-train@8 decoded to 3x8x8 would take "),
                big.getMessage());
        assertTrue(big.getMessage().contains("cache it at a smaller --size"), big.getMessage());
        assertEquals(0, files(cache.resolve("decoded")));
        Files.writeString(lazy.file(2), "garbage");
        DatasetException bad = assertThrows(DatasetException.class, () -> DecodedImages.build(cache, lazy, DecodedImages.MAX_BYTES));
        assertTrue(bad.getMessage().startsWith("cannot decode image " + lazy.file(2)), bad.getMessage());
        assertEquals(0, files(cache.resolve("decoded")), "the half-written file is removed");
    }

    @Test
    void theCatalogueReadsACacheOfTheRightSizeOnly() throws IOException {
        plant(6);
        String saved = System.getProperty("coopt.cache");
        System.setProperty("coopt.cache", cache.toString());
        try {
            ImageDataset lazy = Datasets.load("imagefolder", Split.TRAIN, root, 6);
            assertInstanceOf(ImageFolderDataset.class, lazy);
            DecodedImages.build(cache, (ImageFolderDataset) lazy, DecodedImages.MAX_BYTES);
            ImageDataset at6 = Datasets.load("imagefolder", Split.TRAIN, root, 6);
            assertInstanceOf(DecodedImages.class, at6);
            assertArrayEquals(pixels(lazy, 5), pixels(at6, 5));
            assertInstanceOf(ImageFolderDataset.class, Datasets.load("imagefolder", Split.TRAIN, root, 7),
                    "another size is another key");
            DataCommandTest.Run r = DataCommandTest.run("data", "cache", "imagefolder", "--root", root.toString(),
                    "--size", "7", "--split", "train");
            assertEquals(0, r.code(), r.err());
            String last = r.out().lines().reduce((a, b) -> b).orElse("");
            ImageDataset at7 = Datasets.load("imagefolder", Split.TRAIN, root, 7);
            DecodedImages c7 = assertInstanceOf(DecodedImages.class, at7);
            assertEquals("imagefolder cached (0.00 GiB): train " + c7.file(), last);
            assertTrue(r.err().contains("[data] imagefolder train: 6 images 3x7x7, 0.00 GiB, decoded in"), r.err());
            DataCommandTest.Run memory = DataCommandTest.run("data", "cache", "synthetic", "--split", "test");
            assertEquals(2, memory.code());
            assertTrue(memory.err().contains("synthetic is held in memory already"), memory.err());
        } finally {
            if (saved == null) {
                System.clearProperty("coopt.cache");
            } else {
                System.setProperty("coopt.cache", saved);
            }
        }
    }
}
