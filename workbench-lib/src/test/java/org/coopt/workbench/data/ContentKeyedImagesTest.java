package org.coopt.workbench.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image-folder hash, and so the decoded-image cache key, is of content (planted truth: an image whose pixels
 * change while its file keeps its name and its size), and one validity rule decides what is an image for listing,
 * describe, cache and decode (planted: an empty, a truncated PNG, a truncated JPEG and a text file under image
 * names).
 */
class ContentKeyedImagesTest {
    @TempDir
    Path tmp;

    Path root;
    Path cache;
    String oldCache;

    @BeforeEach
    void folders() {
        root = tmp.resolve("imgs");
        cache = tmp.resolve("cache");
        oldCache = System.getProperty("coopt.cache");
        System.setProperty("coopt.cache", cache.toString());
    }

    @AfterEach
    void restore() {
        if (oldCache == null) {
            System.clearProperty("coopt.cache");
        } else {
            System.setProperty("coopt.cache", oldCache);
        }
    }

    /**
     * A PNG of one colour, RGB 8-bit, its pixel data deflated without compression (stored blocks): the file's size
     * depends on the image size only, so two colours give two files of exactly the same size.
     */
    static byte[] solid(int size, int rgb) throws IOException {
        byte[] raw = new byte[size * (1 + 3 * size)];
        for (int y = 0; y < size; y++) {
            int o = y * (1 + 3 * size);
            raw[o] = 0; // filter: none
            for (int x = 0; x < size; x++) {
                raw[o + 1 + 3 * x] = (byte) (rgb >> 16);
                raw[o + 2 + 3 * x] = (byte) (rgb >> 8);
                raw[o + 3 + 3 * x] = (byte) rgb;
            }
        }
        java.util.zip.Deflater d = new java.util.zip.Deflater(java.util.zip.Deflater.NO_COMPRESSION);
        d.setInput(raw);
        d.finish();
        byte[] z = new byte[raw.length + 64];
        int zn = d.deflate(z);
        d.end();
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        bo.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        java.nio.ByteBuffer ihdr = java.nio.ByteBuffer.allocate(13).putInt(size).putInt(size).put((byte) 8)
                .put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(bo, "IHDR", ihdr.array());
        chunk(bo, "IDAT", Arrays.copyOf(z, zn));
        chunk(bo, "IEND", new byte[0]);
        return bo.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream bo, String type, byte[] data) throws IOException {
        byte[] t = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        bo.write(java.nio.ByteBuffer.allocate(4).putInt(data.length).array());
        bo.write(t);
        bo.write(data);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(t);
        crc.update(data);
        bo.write(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    void write(String rel, byte[] bytes) throws IOException {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.write(p, bytes);
    }

    ImageFolderDataset open() {
        return ImageFolderDataset.open(root, Split.TRAIN, new ImageFolderOptions(4, 3, 2));
    }

    @Test
    void anImageChangedAtTheSameSizeIsANewKeyAndIsDecodedAgain() throws IOException {
        byte[] before = solid(4, 0x102030);
        byte[] after = solid(4, 0xC0A080);
        assertEquals(before.length, after.length, "the planted change keeps the file size");
        assertFalse(Arrays.equals(before, after));
        write("train/a/x.png", before);
        write("train/b/y.png", solid(4, 0x445566));
        ImageFolderDataset first = open();
        String described = ImageFolderDataset.open(root, Split.TRAIN, ImageFolderOptions.defaults()).sha256();
        DecodedImages c1 = DecodedImages.build(cache, first, DecodedImages.MAX_BYTES);
        byte[] px = new byte[48];
        c1.pixels(0, px, 0);
        assertEquals(0x10, px[0] & 0xFF);

        write("train/a/x.png", after);
        ImageFolderDataset second = open();
        assertNotEquals(first.sha256(), second.sha256(), "same names and sizes, other bytes: another hash");
        assertNull(DecodedImages.open(cache, second), "the old cache is not served for the new content");
        DecodedImages c2 = DecodedImages.build(cache, second, DecodedImages.MAX_BYTES);
        c2.pixels(0, px, 0);
        assertEquals(0xC0, px[0] & 0xFF, "re-decoded: the new pixels");

        DataCommandTest.Run r = DataCommandTest.run("data", "describe", "imagefolder", "--root", root.toString(),
                "--split", "train");
        assertEquals(0, r.code(), r.err());
        String now = ImageFolderDataset.open(root, Split.TRAIN, ImageFolderOptions.defaults()).sha256();
        assertNotEquals(described, now);
        assertTrue(r.out().contains("sha256 " + now), "describe shows the new content's SHA-256: " + r.out());
        assertFalse(r.out().contains(described), r.out());
        DataCommandTest.Run c = DataCommandTest.run("data", "cache", "imagefolder", "--root", root.toString(),
                "--split", "train", "--size", "4");
        assertEquals(0, c.code(), c.err());
    }

    @Test
    void aDamagedCacheFileIsNeverServedAndIsDecodedAgain() throws IOException {
        write("train/a/x.png", solid(4, 0x302010));
        write("train/b/y.png", solid(4, 0x405060));
        ImageFolderDataset ds = open();
        DecodedImages c = DecodedImages.build(cache, ds, DecodedImages.MAX_BYTES);
        byte[] good = Files.readAllBytes(c.file());
        byte[] bad = good.clone();
        bad[bad.length - 1] ^= 0x01; // one bit of the last pixel
        Files.write(c.file(), bad);
        assertNull(DecodedImages.open(cache, ds), "a cache file with other bytes than recorded is not served");
        DecodedImages again = DecodedImages.build(cache, ds, DecodedImages.MAX_BYTES);
        assertArrayEquals(good, Files.readAllBytes(again.file()), "decoded again");
        Files.delete(DecodedImages.checksum(again.file()));
        assertNull(DecodedImages.open(cache, ds), "nor one whose hash was never recorded");
    }

    @Test
    void emptyTruncatedAndNonImageFilesAreNoImagesForDescribeOrCache() throws IOException {
        byte[] png = solid(4, 0x112233);
        ByteArrayOutputStream jo = new ByteArrayOutputStream();
        ImageIO.write(ImageFolderDatasetTest.rgb(16, 3), "jpg", jo);
        byte[] jpg = jo.toByteArray();
        assertNull(ImageFiles.fault(png));
        assertNull(ImageFiles.fault(jpg));
        byte[][] bad = {new byte[0], Arrays.copyOf(png, png.length - 5), Arrays.copyOf(jpg, jpg.length - 40),
            "not an image".getBytes(java.nio.charset.StandardCharsets.UTF_8)};
        String[] names = {"empty.png", "cut.png", "cut.jpg", "text.jpg"};
        for (int i = 0; i < bad.length; i++) {
            assertTrue(ImageFiles.fault(bad[i]) != null, names[i]);
            Path one = tmp.resolve("case" + i);
            root = one;
            write("train/a/good.png", png);
            write("train/a/" + names[i], bad[i]);
            DatasetException e = assertThrows(DatasetException.class, this::open, names[i]);
            assertTrue(e.getMessage().contains(one.resolve("train/a/" + names[i]).toString()), e.getMessage());
            for (String cmd : new String[] {"describe", "cache"}) {
                DataCommandTest.Run r = DataCommandTest.run("data", cmd, "imagefolder", "--root", one.toString(),
                        "--split", "train");
                assertEquals(2, r.code(), cmd + " " + names[i] + ": " + r.out() + r.err());
                assertEquals(1, r.err().strip().lines().count(), r.err());
                assertTrue(r.err().contains(names[i]), r.err());
            }
            assertArrayEquals(png, ImageFiles.read(one.resolve("train/a/good.png")));
        }
    }
}
