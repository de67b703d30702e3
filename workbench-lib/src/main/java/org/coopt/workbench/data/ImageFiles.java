package org.coopt.workbench.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The one rule for what counts as an image file of an image folder, used wherever images are listed, counted,
 * hashed or decoded ({@link ImageFolderDataset} and so {@code data describe} and {@code data cache};
 * {@link ImageDecoder}): a name ending {@code .png}, {@code .jpg} or {@code .jpeg} whose bytes are a complete PNG
 * or JPEG. Complete means:
 * <ul>
 * <li>PNG: the 8-byte signature {@code 89 50 4E 47 0D 0A 1A 0A}, an {@code IHDR} chunk first, and the 12-byte
 * {@code IEND} chunk ({@code 00 00 00 00 'IEND' AE 42 60 82}) after it, so a truncated file fails;</li>
 * <li>JPEG: the start-of-image marker {@code FF D8 FF}, and an end-of-image marker {@code FF D9} after the last
 * start-of-scan marker {@code FF DA}. Inside entropy-coded data every {@code FF} is stuffed ({@code FF 00}), so a
 * file cut inside its (last) scan has no {@code FF D9} after it, while an embedded thumbnail's markers come before
 * the main image's scan.</li>
 * </ul>
 * <b>(decision)</b> Bytes after the end (padding, a camera's appended data), which decoders ignore, are allowed: a
 * rule stricter than the decoder would make one such file among ImageNet's 1.28 M refuse the whole folder.
 * An empty file, a file of another format under an image name and a truncated file are refused with one line
 * naming the file. A file that passes can still fail to decode (a corrupt scan); the decoder then names it.
 */
public final class ImageFiles {
    private ImageFiles() {}

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    private static final byte[] PNG_IEND = {0, 0, 0, 0, 'I', 'E', 'N', 'D', (byte) 0xAE, 0x42, 0x60, (byte) 0x82};

    /** Whether the name is an image name (.png, .jpg, .jpeg, any case): the files an image folder lists. */
    public static boolean hasImageName(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg");
    }

    /** What is wrong with the bytes of an image file, or null when they are a complete PNG or JPEG. */
    public static String fault(byte[] b) {
        if (b.length == 0) {
            return "the file is empty";
        }
        if (startsWith(b, PNG_SIGNATURE)) {
            if (b.length < PNG_SIGNATURE.length + 8 + 13 + 4 + PNG_IEND.length
                    || b[12] != 'I' || b[13] != 'H' || b[14] != 'D' || b[15] != 'R') {
                return "a PNG without its IHDR header (truncated or damaged)";
            }
            if (lastIndexOf(b, PNG_IEND, 16) < 0) {
                return "a PNG without its IEND chunk (truncated)";
            }
            return null;
        }
        if (b.length >= 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF) {
            int scan = lastIndexOf(b, new byte[] {(byte) 0xFF, (byte) 0xDA}, 2);
            if (scan < 0) {
                return "a JPEG without image data (no start-of-scan marker FF DA)";
            }
            if (lastIndexOf(b, new byte[] {(byte) 0xFF, (byte) 0xD9}, scan + 2) < 0) {
                return "a JPEG without its end-of-image marker FF D9 after its scan (truncated)";
            }
            return null;
        }
        return "neither a PNG nor a JPEG (its first bytes are no PNG or JPEG signature)";
    }

    /** The bytes of {@code file}, refused with a {@link DatasetException} naming it when {@link #fault} finds one. */
    public static byte[] read(Path file) {
        byte[] b;
        try {
            b = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DatasetException("cannot read image " + file + ": " + e.getMessage(), e);
        }
        String f = fault(b);
        if (f != null) {
            throw new DatasetException("cannot decode image " + file + ": " + f + "; replace or remove it");
        }
        return b;
    }

    /** The last index at or after {@code from} where {@code b} holds {@code what}, or -1. */
    static int lastIndexOf(byte[] b, byte[] what, int from) {
        outer:
        for (int i = b.length - what.length; i >= Math.max(0, from); i--) {
            for (int j = 0; j < what.length; j++) {
                if (b[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static boolean startsWith(byte[] b, byte[] prefix) {
        if (b.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
