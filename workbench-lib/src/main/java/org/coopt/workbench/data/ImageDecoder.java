package org.coopt.workbench.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import org.w3c.dom.NodeList;

/**
 * Decodes one PNG or JPEG file into float planes at its own size: 3 planes R, G, B, or 1 plane of grey
 * (0..255, not yet rounded), for {@link ImageFolderDataset}. Stateless and thread-safe (every call uses
 * its own reader).
 *
 * <p>Colour: grey files are read as their samples (16-bit samples keep their top 8 bits); every other
 * file is converted to sRGB by {@code javax.imageio}; for {@code channels == 1} the grey value is the
 * ITU-R BT.601 luma {@code Y = 0.299 R + 0.587 G + 0.114 B}; a grey file asked for 3 channels repeats its
 * plane.
 *
 * <p>CMYK JPEGs (ImageNet-1K holds a few; {@code ImageIO.read} either refuses them, "Unsupported Image
 * Type", or converts them with the wrong gamma, ignoring Adobe's inverted storage): the raw 4-band
 * raster is read with the JPEG reader's {@code readRaster} and converted by {@link #cmykToRgb}.
 */
final class ImageDecoder {
    private ImageDecoder() {}

    /** Planes of one image, each {@code width × height}, row-major. */
    record Planes(int width, int height, float[][] planes) {}

    static Planes decode(Path file, int channels) {
        BufferedImage img = null;
        Exception failure = null;
        byte[] bytes = ImageFiles.read(file); // the one validity rule: empty, truncated, non-image files refused here
        try {
            img = ImageIO.read(new java.io.ByteArrayInputStream(bytes));
        } catch (IOException | RuntimeException e) {
            failure = e;
        }
        if (img != null && !isCmyk(img)) {
            return fromImage(img, channels);
        }
        if (img == null && failure == null) {
            throw new DatasetException("cannot decode image " + file + ": not a PNG or JPEG javax.imageio can read; "
                    + "replace or remove it");
        }
        try {
            return fromCmykJpeg(file, channels);
        } catch (IOException | RuntimeException e) {
            Exception cause = failure != null ? failure : e;
            throw new DatasetException("cannot decode image " + file + ": " + oneLine(cause) + "; replace or remove it",
                    cause);
        }
    }

    private static boolean isCmyk(BufferedImage img) {
        return img.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_CMYK;
    }

    private static Planes fromImage(BufferedImage img, int channels) {
        int w = img.getWidth();
        int h = img.getHeight();
        int n = w * h;
        if (img.getRaster().getNumBands() == 1 && img.getColorModel().getNumComponents() == 1) {
            // Read the grey samples directly: getRGB would pass them through a colour-space conversion.
            int[] s = img.getRaster().getSamples(0, 0, w, h, 0, (int[]) null);
            int shift = Math.max(0, img.getColorModel().getComponentSize(0) - 8);
            float[] g = new float[n];
            for (int k = 0; k < n; k++) {
                g[k] = s[k] >> shift;
            }
            return new Planes(w, h, channels == 1 ? new float[][] {g} : new float[][] {g, g, g});
        }
        float[] r = new float[n];
        float[] gr = new float[n];
        float[] b = new float[n];
        if (img.getType() == BufferedImage.TYPE_3BYTE_BGR
                && img.getRaster().getDataBuffer() instanceof DataBufferByte db && db.getData().length == 3 * n
                && img.getRaster().getParent() == null) {
            // The decoded JPEG's own bytes, B G R per pixel (the common case: no per-pixel colour model call).
            byte[] d = db.getData();
            for (int k = 0; k < n; k++) {
                b[k] = d[3 * k] & 0xFF;
                gr[k] = d[3 * k + 1] & 0xFF;
                r[k] = d[3 * k + 2] & 0xFF;
            }
        } else {
            int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
            for (int k = 0; k < n; k++) {
                r[k] = (argb[k] >> 16) & 0xFF;
                gr[k] = (argb[k] >> 8) & 0xFF;
                b[k] = argb[k] & 0xFF;
            }
        }
        return new Planes(w, h, channels == 3 ? new float[][] {r, gr, b} : new float[][] {luma(r, gr, b)});
    }

    /** ITU-R BT.601 luma per pixel: Y = 0.299 R + 0.587 G + 0.114 B. */
    static float[] luma(float[] r, float[] g, float[] b) {
        float[] y = new float[r.length];
        for (int k = 0; k < y.length; k++) {
            y[k] = 0.299f * r[k] + 0.587f * g[k] + 0.114f * b[k];
        }
        return y;
    }

    private static Planes fromCmykJpeg(Path file, int channels) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                throw new IOException("cannot open the file");
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new IOException("no image reader for it");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, false);
                Raster ras = reader.readRaster(0, null);
                if (ras.getNumBands() != 4 || !"jpeg".equalsIgnoreCase(reader.getFormatName())) {
                    throw new IOException("a " + ras.getNumBands() + "-band " + reader.getFormatName()
                            + " raster, neither RGB, grey nor 4-band CMYK JPEG");
                }
                int w = ras.getWidth();
                int h = ras.getHeight();
                int[] s = ras.getPixels(ras.getMinX(), ras.getMinY(), w, h, (int[]) null);
                float[][] rgb = cmykToRgb(s, adobeTransform(reader.getImageMetadata(0)));
                return new Planes(w, h, channels == 3 ? rgb : new float[][] {luma(rgb[0], rgb[1], rgb[2])});
            } finally {
                reader.dispose();
            }
        }
    }

    /** The Adobe APP14 marker's colour transform (0 unknown/CMYK, 1 YCbCr, 2 YCCK), or −1 without one. */
    static int adobeTransform(IIOMetadata md) {
        if (md == null) {
            return -1;
        }
        IIOMetadataNode root = (IIOMetadataNode) md.getAsTree("javax_imageio_jpeg_image_1.0");
        NodeList adobe = root.getElementsByTagName("app14Adobe");
        if (adobe.getLength() == 0) {
            return -1;
        }
        String t = ((IIOMetadataNode) adobe.item(0)).getAttribute("transform");
        return t == null || t.isEmpty() ? 0 : Integer.parseInt(t);
    }

    /**
     * RGB planes from raw 4-band JPEG samples {@code s} (pixel-interleaved, 0..255), the approximate,
     * profile-free conversion that libjpeg and Pillow use (so ImageNet's CMYK files look as they do
     * in a PyTorch pipeline):
     * <ol>
     * <li>YCCK (Adobe transform 2): the first three samples are YCbCr of the inverted C, M, Y; as
     * libjpeg's {@code ycck_cmyk_convert}: R' = Y + 1.402 (Cr − 128),
     * G' = Y − 0.344136 (Cb − 128) − 0.714136 (Cr − 128), B' = Y + 1.772 (Cb − 128), each clamped to
     * 0..255, and the stored samples become 255 − R', 255 − G', 255 − B' (K unchanged);</li>
     * <li><b>(decision)</b> the samples are Adobe-inverted CMYK (s = 255 − ink), Photoshop's convention,
     * assumed for every CMYK JPEG as Pillow does (with or without an Adobe marker);</li>
     * <li>R = 255 (1 − C/255)(1 − K/255) = s_C · s_K / 255, likewise G from M and B from Y.</li>
     * </ol>
     */
    static float[][] cmykToRgb(int[] s, int adobeTransform) {
        int n = s.length / 4;
        float[] r = new float[n];
        float[] g = new float[n];
        float[] b = new float[n];
        for (int k = 0; k < n; k++) {
            float c0 = s[4 * k];
            float c1 = s[4 * k + 1];
            float c2 = s[4 * k + 2];
            float sk = s[4 * k + 3];
            if (adobeTransform == 2) {
                float y = c0;
                float cb = c1 - 128f;
                float cr = c2 - 128f;
                c0 = 255f - clamp(y + 1.402f * cr);
                c1 = 255f - clamp(y - 0.344136f * cb - 0.714136f * cr);
                c2 = 255f - clamp(y + 1.772f * cb);
            }
            r[k] = c0 * sk / 255f;
            g[k] = c1 * sk / 255f;
            b[k] = c2 * sk / 255f;
        }
        return new float[][] {r, g, b};
    }

    private static float clamp(float v) {
        return v < 0f ? 0f : Math.min(v, 255f);
    }

    private static String oneLine(Exception e) {
        String m = e.getMessage() == null ? "" : e.getMessage().replaceAll("\\s+", " ").strip();
        return m.isEmpty() ? e.getClass().getSimpleName() : m;
    }
}
