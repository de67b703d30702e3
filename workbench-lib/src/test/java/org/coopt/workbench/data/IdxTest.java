package org.coopt.workbench.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
    @TempDir
    Path dir;

    static byte[] imageFile(int magic, int count, int rows, int cols, byte[] pixels) {
        ByteBuffer b = ByteBuffer.allocate(16 + pixels.length);
        b.putInt(magic).putInt(count).putInt(rows).putInt(cols).put(pixels);
        return b.array();
    }

    static byte[] labelFile(int magic, int count, byte[] labels) {
        ByteBuffer b = ByteBuffer.allocate(8 + labels.length);
        b.putInt(magic).putInt(count).put(labels);
        return b.array();
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bo)) {
            gz.write(raw);
        }
        return bo.toByteArray();
    }

    static byte[] ramp(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 7 + 3);
        }
        return b;
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    @Test
    void plainAndGzipFilesRoundTripExactly() throws IOException {
        byte[] px = ramp(3 * 4 * 5);
        byte[] lb = {2, 0, 1};
        for (boolean gz : new boolean[] {false, true}) {
            byte[] img = imageFile(2051, 3, 4, 5, px);
            byte[] lab = labelFile(2049, 3, lb);
            Path pi = write("img" + gz, gz ? gzip(img) : img);
            Path pl = write("lab" + gz, gz ? gzip(lab) : lab);
            ArrayImageDataset ds = Idx.load("t", pi, pl, List.of("a", "b", "c"));
            assertEquals(3, ds.size());
            assertEquals(1, ds.channels());
            assertEquals(4, ds.height());
            assertEquals(5, ds.width());
            assertArrayEquals(new int[] {2, 0, 1}, ds.labels());
            byte[] got = new byte[20];
            ds.pixels(1, got, 0);
            assertArrayEquals(Arrays.copyOfRange(px, 20, 40), got);
            assertEquals(2, ds.sources().size());
        }
    }

    @Test
    void badMagicNamesTheFileAndTheNumbers() throws IOException {
        Path pi = write("swapped", labelFile(2049, 2, new byte[] {0, 1}));
        DatasetException e = assertThrows(DatasetException.class, () -> Idx.readImages(pi));
        assertEquals("IDX file " + pi + " has bad magic number 2049 (that is a label file); an IDX image file starts with 2051",
                e.getMessage());
        Path junk = write("junk", imageFile(1234, 1, 1, 1, new byte[1]));
        DatasetException e2 = assertThrows(DatasetException.class, () -> Idx.readLabels(junk));
        assertEquals("IDX file " + junk + " has bad magic number 1234; an IDX label file starts with 2049", e2.getMessage());
    }

    @Test
    void truncatedPlainFileSaysHowManyBytesAreMissing() throws IOException {
        byte[] full = imageFile(2051, 2, 3, 3, ramp(18));
        Path p = write("short", Arrays.copyOf(full, full.length - 5));
        DatasetException e = assertThrows(DatasetException.class, () -> Idx.readImages(p));
        assertEquals("IDX file " + p + " is truncated: the header promises 2 images of 3x3 (18 bytes) but only 13 bytes follow",
                e.getMessage());
        Path hdr = write("hdr", Arrays.copyOf(full, 10));
        DatasetException e2 = assertThrows(DatasetException.class, () -> Idx.readImages(hdr));
        assertEquals("IDX file " + hdr + " is truncated: the file ends inside the header (reading the row count)",
                e2.getMessage());
    }

    @Test
    void truncatedGzipFileIsReportedAsTruncated() throws IOException {
        byte[] gz = gzip(imageFile(2051, 50, 10, 10, ramp(5000)));
        Path p = write("short.gz", Arrays.copyOf(gz, gz.length / 2));
        DatasetException e = assertThrows(DatasetException.class, () -> Idx.readImages(p));
        assertTrue(e.getMessage().startsWith("IDX file " + p + " is truncated"), e.getMessage());
    }

    @Test
    void trailingBytesAreAFault() throws IOException {
        byte[] full = imageFile(2051, 1, 2, 2, ramp(4));
        Path p = write("long", Arrays.copyOf(full, full.length + 3));
        DatasetException e = assertThrows(DatasetException.class, () -> Idx.readImages(p));
        assertEquals("IDX file " + p + " has more data than its header declares (1 images of 2x2): trailing bytes after byte 4",
                e.getMessage());
    }

    @Test
    void labelImageCountMismatchNamesBothFiles() throws IOException {
        Path pi = write("i", imageFile(2051, 3, 2, 2, ramp(12)));
        Path pl = write("l", labelFile(2049, 2, new byte[] {0, 1}));
        DatasetException e = assertThrows(DatasetException.class, () -> Idx.load("t", pi, pl, List.of("a", "b")));
        assertEquals("label/image count mismatch: label file " + pl + " holds 2 labels but image file " + pi
                + " holds 3 images", e.getMessage());
    }

    @Test
    void labelOutOfRangeNamesIndexAndValue() throws IOException {
        Path pi = write("i", imageFile(2051, 3, 2, 2, ramp(12)));
        Path pl = write("l", labelFile(2049, 3, new byte[] {0, 1, 7}));
        DatasetException e = assertThrows(DatasetException.class, () -> Idx.load("t", pi, pl, List.of("a", "b")));
        assertEquals("IDX file " + pl + " has label 7 at index 2, outside 0..1 (2 classes)", e.getMessage());
    }

    @Test
    void badDimensionsAndMissingFiles() throws IOException {
        Path p = write("dims", imageFile(2051, 1, 0, 5, new byte[0]));
        DatasetException e = assertThrows(DatasetException.class, () -> Idx.readImages(p));
        assertEquals("IDX file " + p + " has bad dimensions 1 images of 0x5", e.getMessage());
        Path none = dir.resolve("none");
        assertEquals("file " + none + " does not exist",
                assertThrows(DatasetException.class, () -> Idx.readImages(none)).getMessage());
    }

    @Test
    void missingFashionMnistSaysWhatToInstall() {
        DatasetException e = assertThrows(DatasetException.class, () -> FashionMnist.load(dir, Split.TRAIN));
        assertEquals("Fashion-MNIST not found: " + dir + " has no train-images-idx3-ubyte[.gz]; " + FashionMnist.INSTALL_HINT,
                e.getMessage());
        assertTrue(e.getMessage().contains("apt-get install dataset-fashion-mnist"));
        assertTrue(e.getMessage().contains("./coopt setup"));
    }

    @Test
    void corruptFashionMnistFileIsNamedWithTheReinstallHint() throws IOException {
        write("t10k-images-idx3-ubyte", imageFile(2051, 2, 28, 28, ramp(28 * 28)));
        write("t10k-labels-idx1-ubyte", labelFile(2049, 2, new byte[] {0, 1}));
        DatasetException e = assertThrows(DatasetException.class, () -> FashionMnist.load(dir, Split.TEST));
        assertTrue(e.getMessage().startsWith("IDX file " + dir.resolve("t10k-images-idx3-ubyte") + " is truncated"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("reinstall with 'apt-get install --reinstall dataset-fashion-mnist' or replace the file"));
    }
}
