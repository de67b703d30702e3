package org.coopt.workbench.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The image-file rule on planted files: complete ones pass with bytes appended after their end, cut ones fail. */
class ImageFilesTest {
    static byte[] encode(String format) throws Exception {
        BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                img.setRGB(x, y, (x * 16) << 16 | (y * 16) << 8 | (x ^ y) * 8);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, format, out);
        return out.toByteArray();
    }

    static byte[] appended(byte[] b, String tail) {
        byte[] t = tail.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] r = Arrays.copyOf(b, b.length + t.length);
        System.arraycopy(t, 0, r, b.length, t.length);
        return r;
    }

    @Test
    void completeFilesPassEvenWithBytesAfterTheirEnd() throws Exception {
        for (String f : new String[] {"png", "jpg"}) {
            byte[] b = encode(f);
            assertNull(ImageFiles.fault(b), f);
            assertNull(ImageFiles.fault(appended(b, "\0\0camera trailer\r\n")), f + " with appended bytes");
        }
    }

    @Test
    void cutFilesFail() throws Exception {
        byte[] png = encode("png");
        assertEquals("a PNG without its IEND chunk (truncated)", ImageFiles.fault(Arrays.copyOf(png, png.length - 3)));
        byte[] jpg = encode("jpg");
        assertEquals("a JPEG without its end-of-image marker FF D9 after its scan (truncated)",
                ImageFiles.fault(Arrays.copyOf(jpg, jpg.length - 2)));
        int scan = ImageFiles.lastIndexOf(jpg, new byte[] {(byte) 0xFF, (byte) 0xDA}, 2);
        assertEquals("a JPEG without image data (no start-of-scan marker FF DA)",
                ImageFiles.fault(Arrays.copyOf(jpg, scan)));
        assertEquals("the file is empty", ImageFiles.fault(new byte[0]));
    }
}
