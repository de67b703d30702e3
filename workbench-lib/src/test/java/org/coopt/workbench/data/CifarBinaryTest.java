package org.coopt.workbench.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tiny files in the exact CIFAR binary record layouts, written here and read back. */
class CifarBinaryTest {
    @TempDir
    Path dir;

    /** Pixels of record r in file f: R plane, G plane, B plane, derived from (f, r, position). */
    static byte[] pixels(int f, int r) {
        byte[] p = new byte[3072];
        for (int i = 0; i < p.length; i++) {
            p[i] = (byte) (i * 13 + r * 101 + f * 57);
        }
        return p;
    }

    static byte[] records(int f, int[][] labels) {
        int lb = labels[0].length;
        byte[] out = new byte[labels.length * (lb + 3072)];
        for (int r = 0; r < labels.length; r++) {
            int off = r * (lb + 3072);
            for (int j = 0; j < lb; j++) {
                out[off + j] = (byte) labels[r][j];
            }
            System.arraycopy(pixels(f, r), 0, out, off + lb, 3072);
        }
        return out;
    }

    private void writeCifar10(Path d) throws IOException {
        Files.createDirectories(d);
        for (int f = 1; f <= 5; f++) {
            Files.write(d.resolve("data_batch_" + f + ".bin"), records(f, new int[][] {{f}, {9 - f}}));
        }
        Files.write(d.resolve("test_batch.bin"), records(0, new int[][] {{3}, {0}, {9}}));
    }

    @Test
    void cifar10RoundTripsLabelsAndPixelsExactly() throws IOException {
        writeCifar10(dir);
        ImageDataset train = Datasets.load("cifar10", Split.TRAIN, dir);
        assertEquals(10, train.size());
        assertEquals(List.of(3, 32, 32), List.of(train.channels(), train.height(), train.width()));
        assertEquals(CifarBinary.CIFAR10_CLASSES, train.classNames());
        assertArrayEquals(new int[] {1, 8, 2, 7, 3, 6, 4, 5, 5, 4}, train.labels());
        byte[] got = new byte[3072];
        train.pixels(5, got, 0); // file 3, record 1
        assertArrayEquals(pixels(3, 1), got);
        assertEquals(5, train.sources().size());
        ImageDataset test = CifarBinary.load(dir, Split.TEST, CifarBinary.Variant.CIFAR10);
        assertArrayEquals(new int[] {3, 0, 9}, test.labels());
        test.pixels(2, got, 0);
        assertArrayEquals(pixels(0, 2), got);
        assertEquals(Idx.combinedHash(test.sources()), test.sha256());
    }

    @Test
    void cifar10IsFoundInTheArchiveFolderAndReadsClassNamesFile() throws IOException {
        Path sub = dir.resolve("cifar-10-batches-bin");
        writeCifar10(sub);
        List<String> names = List.of("a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9");
        Files.write(sub.resolve("batches.meta.txt"), (String.join("\n", names) + "\n\n").getBytes());
        ImageDataset test = CifarBinary.load(dir, Split.TEST, CifarBinary.Variant.CIFAR10);
        assertEquals(names, test.classNames());
        assertEquals(3, test.size());
    }

    @Test
    void cifar100UsesTheFineLabel() throws IOException {
        Files.write(dir.resolve("train.bin"), records(1, new int[][] {{4, 99}, {19, 0}, {0, 57}}));
        Files.write(dir.resolve("test.bin"), records(2, new int[][] {{7, 42}}));
        ImageDataset train = Datasets.load("cifar100", Split.TRAIN, dir);
        assertEquals(100, train.numClasses());
        assertEquals("worm", train.classNames().get(99));
        assertArrayEquals(new int[] {99, 0, 57}, train.labels());
        byte[] got = new byte[3072];
        train.pixels(2, got, 0);
        assertArrayEquals(pixels(1, 2), got);
        ImageDataset test = Datasets.load("cifar100", Split.TEST, dir);
        assertArrayEquals(new int[] {42}, test.labels());
        test.pixels(0, got, 0);
        assertArrayEquals(pixels(2, 0), got);
    }

    @Test
    void truncatedRecordFileIsAClearError() throws IOException {
        writeCifar10(dir);
        byte[] full = Files.readAllBytes(dir.resolve("test_batch.bin"));
        Path bad = dir.resolve("test_batch.bin");
        Files.write(bad, Arrays.copyOf(full, full.length - 100));
        DatasetException e = assertThrows(DatasetException.class,
                () -> CifarBinary.load(dir, Split.TEST, CifarBinary.Variant.CIFAR10));
        assertEquals("CIFAR-10 file " + bad + " is truncated or corrupt: 9119 bytes is not a whole number of 3073-byte "
                + "records (2 records + 2973 bytes); replace the file", e.getMessage());
    }

    @Test
    void labelOutOfRangeAndMissingFolderAreClearErrors() throws IOException {
        Files.write(dir.resolve("train.bin"), records(1, new int[][] {{0, 100}}));
        Files.write(dir.resolve("test.bin"), records(1, new int[][] {{0, 1}}));
        DatasetException e = assertThrows(DatasetException.class,
                () -> CifarBinary.load(dir, Split.TRAIN, CifarBinary.Variant.CIFAR100));
        assertEquals("CIFAR-100 file " + dir.resolve("train.bin") + " has label 100 in record 0, outside 0..99; "
                + "replace the file", e.getMessage());
        Path none = dir.resolve("nothing");
        DatasetException m = assertThrows(DatasetException.class, () -> Datasets.load("cifar10", Split.TRAIN, none));
        assertTrue(m.getMessage().startsWith("CIFAR-10 not found in " + none), m.getMessage());
        assertTrue(m.getMessage().contains("COOPT_CIFAR10_DIR"), m.getMessage());
    }
}
