package org.coopt.workbench.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.coopt.workbench.engine.Engines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderDatasetTest {
    @TempDir
    Path root;

    /** An RGB image whose pixel (x, y) is (seed + x, 2y, seed * 3 + x + y) mod 256. */
    static BufferedImage rgb(int size, int seed) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int r = (seed + x) & 0xFF;
                int g = (2 * y) & 0xFF;
                int b = (seed * 3 + x + y) & 0xFF;
                img.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return img;
    }

    static byte[] expectedPlanes(int size, int seed) {
        byte[] out = new byte[3 * size * size];
        int plane = size * size;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                out[y * size + x] = (byte) (seed + x);
                out[plane + y * size + x] = (byte) (2 * y);
                out[2 * plane + y * size + x] = (byte) (seed * 3 + x + y);
            }
        }
        return out;
    }

    private void png(String rel, BufferedImage img) throws IOException {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        ImageIO.write(img, "png", p.toFile());
    }

    @Test
    void readsClassFoldersAndPixelsExactly() throws IOException {
        png("train/cat/a.png", rgb(8, 10));
        png("train/cat/b.png", rgb(8, 20));
        png("train/dog/images/c.PNG", rgb(8, 30)); // nested, as Tiny-ImageNet's train/<wnid>/images/
        png("val/cat/d.png", rgb(8, 40));
        Files.writeString(root.resolve("train/dog/notes.txt"), "not an image");
        ImageFolderOptions opts = ImageFolderOptions.defaults().withSize(8);
        ImageFolderDataset train = ImageFolderDataset.open(root, Split.TRAIN, opts);
        assertEquals(List.of("cat", "dog"), train.classNames());
        assertEquals(3, train.size());
        assertArrayEquals(new int[] {0, 0, 1}, train.labels());
        byte[] got = new byte[3 * 64];
        train.pixels(2, got, 0);
        assertArrayEquals(expectedPlanes(8, 30), got);
        train.pixels(0, got, 0);
        assertArrayEquals(expectedPlanes(8, 10), got);
        ImageFolderDataset test = ImageFolderDataset.open(root, Split.TEST, opts); // no test/: uses val/
        assertEquals(1, test.size());
        test.pixels(0, got, 0);
        assertArrayEquals(expectedPlanes(8, 40), got);
        try (NDManager m = Engines.get().newBaseManager(Engines.device())) {
            NDArray b = train.batch(m, new int[] {1, 2});
            assertEquals(new Shape(2, 3, 8, 8), b.getShape());
        }
        ArrayImageDatasetTest.checkBatchAgainstNaive(train, new int[] {2, 0});
    }

    @Test
    void decodesLazilyOnAccess() throws IOException {
        png("train/a/x.png", rgb(4, 1));
        ImageFolderDataset ds = ImageFolderDataset.open(root, Split.TRAIN, ImageFolderOptions.defaults().withSize(4));
        // The file is replaced after opening: the pixels come from the file as it is now.
        png("train/a/x.png", rgb(4, 99));
        byte[] got = new byte[48];
        ds.pixels(0, got, 0);
        assertArrayEquals(expectedPlanes(4, 99), got);
        Files.writeString(root.resolve("train/a/x.png"), "garbage");
        DatasetException e = assertThrows(DatasetException.class, () -> ds.pixels(0, got, 0));
        assertTrue(e.getMessage().startsWith("cannot decode image " + root.resolve("train/a/x.png")), e.getMessage());
    }

    @Test
    void greyAndResizedImages() throws IOException {
        BufferedImage g = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_GRAY);
        int[] vals = {0, 17, 99, 128, 200, 255};
        g.getRaster().setPixels(0, 0, 3, 2, vals);
        png("train/k/g.png", g);
        BufferedImage flat = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                flat.setRGB(x, y, (100 << 16) | (150 << 8) | 200);
            }
        }
        png("train/k/big.png", flat);
        ImageFolderDataset grey = ImageFolderDataset.open(root, Split.TRAIN,
                new ImageFolderOptions(16, 1, 4));
        assertEquals(1, grey.channels());
        assertEquals(16, grey.height());
        byte[] one = new byte[256];
        grey.pixels(0, one, 0); // big.png sorts first: flat 32x32 RGB resized to 16x16, then BT.601 luma
        // luma of (100, 150, 200) = round(0.299*100 + 0.587*150 + 0.114*200) = round(140.75) = 141
        for (byte b : one) {
            assertEquals(141, b & 0xFF);
        }
        grey.pixels(1, one, 0); // g.png 3x2 grey resized to 16x16
        // Nearest corners of an upscaled image keep the corner values up to interpolation.
        assertTrue(Math.abs((one[0] & 0xFF) - 0) < 20);
        assertTrue(Math.abs((one[255] & 0xFF) - 255) < 20);
        // Same-size grey images are read exactly (no colour-space conversion).
        Path exact = root.resolve("exact");
        Files.createDirectories(exact.resolve("train/k"));
        BufferedImage sq = new BufferedImage(2, 2, BufferedImage.TYPE_BYTE_GRAY);
        sq.getRaster().setPixels(0, 0, 2, 2, new int[] {3, 77, 150, 254});
        ImageIO.write(sq, "png", exact.resolve("train/k/g.png").toFile());
        ImageFolderDataset ex2 = ImageFolderDataset.open(exact, Split.TRAIN, new ImageFolderOptions(2, 1, 1));
        byte[] four = new byte[4];
        ex2.pixels(0, four, 0);
        assertArrayEquals(new byte[] {3, 77, (byte) 150, (byte) 254}, four);
    }

    @Test
    void hashFollowsTheFileListAndErrorsAreClear() throws IOException {
        png("train/a/x.png", rgb(4, 1));
        String h1 = ImageFolderDataset.open(root, Split.TRAIN, ImageFolderOptions.defaults()).sha256();
        png("train/b/y.png", rgb(4, 2));
        String h2 = ImageFolderDataset.open(root, Split.TRAIN, ImageFolderOptions.defaults()).sha256();
        assertNotEquals(h1, h2);
        DatasetException noTest = assertThrows(DatasetException.class,
                () -> ImageFolderDataset.open(root, Split.TEST, ImageFolderOptions.defaults()));
        assertEquals("image folder " + root + " has no labelled test/ or val/ split (test/ is missing; val/ is missing); "
                + "lay it out as " + root + "/test/<class>/*.png|jpg or " + root + "/val/<class>/*.png|jpg, or pass "
                + "--root DIR (or set COOPT_IMAGEFOLDER_DIR) to the dataset's root folder", noTest.getMessage());
        Path none = root.resolve("none");
        DatasetException missing = assertThrows(DatasetException.class, () -> Datasets.load("imagefolder", Split.TRAIN, none));
        assertTrue(missing.getMessage().startsWith("image folder " + none + " does not exist"), missing.getMessage());
    }
}
