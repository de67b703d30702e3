package org.coopt.workbench.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CMYK and YCCK JPEGs (synthesized: a 4-band raster written by javax.imageio's JPEG writer, with or
 * without an Adobe marker) decode to the colours of the libjpeg/Pillow conversion, computed by hand;
 * undecodable files fail with one line naming the file.
 */
class ImageDecoderTest {
    @TempDir
    Path root;

    /** Raw 4-band samples of the four flat 8×8 quadrants (top-left, top-right, bottom-left, bottom-right). */
    static final int[][] QUADRANTS = {{200, 50, 30, 255}, {255, 255, 255, 128}, {100, 180, 20, 200}, {0, 0, 0, 255}};

    /**
     * Writes a 16×16 4-band JPEG of {@link #QUADRANTS} at quality 1; {@code adobeTransform} −1 writes no
     * Adobe marker, 0 or 2 one with that transform (the samples are stored as given either way).
     */
    static void writeFourBandJpeg(Path file, int adobeTransform) throws IOException {
        WritableRaster r = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 16, 16, 4, null);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                r.setPixel(x, y, QUADRANTS[(y / 8) * 2 + x / 8]);
            }
        }
        ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam p = w.getDefaultWriteParam();
        p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        p.setCompressionQuality(1f);
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        try (ImageOutputStream os = ImageIO.createImageOutputStream(plain)) {
            w.setOutput(os);
            w.write(null, new IIOImage(r, null, null), p);
        }
        if (adobeTransform < 0) {
            Files.createDirectories(file.getParent());
            Files.write(file, plain.toByteArray());
            w.dispose();
            return;
        }
        // Metadata with an Adobe APP14 marker: the plain file's metadata plus the marker node.
        IIOMetadata md;
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(plain.toByteArray()))) {
            ImageReader rd = ImageIO.getImageReaders(in).next();
            rd.setInput(in);
            md = rd.getImageMetadata(0);
            rd.dispose();
        }
        IIOMetadataNode tree = (IIOMetadataNode) md.getAsTree("javax_imageio_jpeg_image_1.0");
        IIOMetadataNode markers = (IIOMetadataNode) tree.getElementsByTagName("markerSequence").item(0);
        IIOMetadataNode adobe = new IIOMetadataNode("app14Adobe");
        adobe.setAttribute("transform", Integer.toString(adobeTransform));
        markers.insertBefore(adobe, markers.getFirstChild());
        md.setFromTree("javax_imageio_jpeg_image_1.0", tree);
        Files.createDirectories(file.getParent());
        try (ImageOutputStream os = ImageIO.createImageOutputStream(file.toFile())) {
            w.setOutput(os);
            w.write(null, new IIOImage(r, null, md), p);
        }
        w.dispose();
    }

    /** RGB at the centre of each quadrant of a decoded 16×16 image. */
    static int[][] quadrantColours(ImageDecoder.Planes p) {
        int[][] out = new int[4][3];
        for (int q = 0; q < 4; q++) {
            int k = ((q / 2) * 8 + 4) * 16 + (q % 2) * 8 + 4;
            for (int c = 0; c < 3; c++) {
                out[q][c] = Math.round(p.planes()[c][k]);
            }
        }
        return out;
    }

    static void assertColours(int[][] expected, int[][] got, int tolerance) {
        for (int q = 0; q < expected.length; q++) {
            for (int c = 0; c < 3; c++) {
                assertTrue(Math.abs(expected[q][c] - got[q][c]) <= tolerance, "quadrant " + q + ": expected "
                        + Arrays.toString(expected[q]) + ", got " + Arrays.toString(got[q]));
            }
        }
    }

    /**
     * Adobe-inverted CMYK, R = s_C·s_K/255: (200,50,30,255) → (200,50,30); (255,255,255,128) → 128 grey;
     * (100,180,20,200) → (78.4, 141.2, 15.7); (0,0,0,255) → black.
     */
    static final int[][] CMYK_RGB = {{200, 50, 30}, {128, 128, 128}, {78, 141, 16}, {0, 0, 0}};

    /**
     * YCCK by hand. (200,50,30,255): R' = 200 + 1.402·(−98) = 62.6, G' = 200 + 0.344136·78 + 0.714136·98
     * = 296.8 → 255, B' = 200 − 1.772·78 = 61.8; s = 255 − R'G'B' = (192.4, 0, 193.2); ×255/255 →
     * (192, 0, 193) (Pillow decodes the same file to (192, 0, 193)). (255,255,255,128): R' = 255 + 1.402·127
     * → 255, G' = 255 − 0.344136·127 − 0.714136·127 = 120.6, B' → 255; s = (0, 134.4, 0); ×128/255 →
     * (0, 67.5, 0). (100,180,20,200): R' = 100 − 151.4 → 0, G' = 100 − 17.9 + 77.1 = 159.2,
     * B' = 100 + 92.1 = 192.1; s = (255, 95.8, 62.9); ×200/255 → (200, 75.1, 49.3). (0,0,0,255):
     * R' = −179.5 → 0, G' = 0 + 44.0 + 91.4 = 135.5, B' → 0; s = (255, 119.5, 255) → (255, 119.5, 255).
     */
    static final int[][] YCCK_RGB = {{192, 0, 193}, {0, 67, 0}, {200, 75, 49}, {255, 119, 255}};

    @Test
    void theConversionOnPlantedSamples() {
        int[] s = Arrays.stream(QUADRANTS).flatMapToInt(Arrays::stream).toArray();
        float[][] inverted = ImageDecoder.cmykToRgb(s, 0);
        float[][] noMarker = ImageDecoder.cmykToRgb(s, -1);
        float[][] ycck = ImageDecoder.cmykToRgb(s, 2);
        double[][] cmyk = {{200, 50, 30}, {128, 128, 128}, {100 * 200 / 255.0, 180 * 200 / 255.0, 20 * 200 / 255.0}, {0, 0, 0}};
        double[][] ycc = {{192.4, 0, 193.2}, {0, 134.4 * 128 / 255, 0}, {200, 95.8 * 200 / 255, 62.9 * 200 / 255},
                {255, 119.5, 255}};
        for (int q = 0; q < 4; q++) {
            for (int c = 0; c < 3; c++) {
                assertEquals(cmyk[q][c], inverted[c][q], 0.05, "CMYK quadrant " + q + " channel " + c);
                assertEquals(cmyk[q][c], noMarker[c][q], 0.05, "no marker: Adobe convention too");
                assertEquals(ycc[q][c], ycck[c][q], 0.1, "YCCK quadrant " + q + " channel " + c);
            }
        }
    }

    @Test
    void fourBandJpegsDecodeToTheHandComputedColours() throws IOException {
        for (int t : new int[] {-1, 0, 2}) {
            Path f = root.resolve("cmyk" + t + ".jpg");
            writeFourBandJpeg(f, t);
            ImageDecoder.Planes p = ImageDecoder.decode(f, 3);
            assertEquals(16, p.width());
            assertEquals(16, p.height());
            assertColours(t == 2 ? YCCK_RGB : CMYK_RGB, quadrantColours(p), 3);
        }
    }

    @Test
    void aCmykJpegInAFolderGivesRgbAndGreyPixels() throws IOException {
        writeFourBandJpeg(root.resolve("train/a/photo.jpg"), 0);
        byte[] rgb = new byte[3 * 16 * 16];
        ImageFolderDataset.open(root, Split.TRAIN, new ImageFolderOptions(16, 3, 1)).pixels(0, rgb, 0);
        int k = 4 * 16 + 4; // top-left quadrant
        assertTrue(Math.abs((rgb[k] & 0xFF) - 200) <= 3 && Math.abs((rgb[256 + k] & 0xFF) - 50) <= 3
                && Math.abs((rgb[512 + k] & 0xFF) - 30) <= 3, (rgb[k] & 0xFF) + "," + (rgb[256 + k] & 0xFF));
        byte[] grey = new byte[16 * 16];
        ImageFolderDataset.open(root, Split.TRAIN, new ImageFolderOptions(16, 1, 1)).pixels(0, grey, 0);
        // BT.601 luma of (200, 50, 30) = 59.8 + 29.35 + 3.42 = 92.57
        assertTrue(Math.abs((grey[k] & 0xFF) - 93) <= 3, "luma " + (grey[k] & 0xFF));
    }

    @Test
    void aBrokenJpegIsOneLineNamingTheFile() throws IOException {
        BufferedImage img = ImageFolderDatasetTest.rgb(32, 5);
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        ImageIO.write(img, "jpg", bo);
        Path f = root.resolve("train/a/cut.jpg");
        Files.createDirectories(f.getParent());
        Files.write(f, Arrays.copyOf(bo.toByteArray(), 40)); // the SOI and part of a header, then nothing
        // the folder's one validity rule (ImageFiles) refuses it when the folder is opened, before any decode
        DatasetException e = assertThrows(DatasetException.class,
                () -> ImageFolderDataset.open(root, Split.TRAIN, new ImageFolderOptions(16, 3, 1)));
        assertTrue(e.getMessage().startsWith("cannot decode image " + f + ": "), e.getMessage());
        assertTrue(e.getMessage().endsWith("; replace or remove it"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
}
