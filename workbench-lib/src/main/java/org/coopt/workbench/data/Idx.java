package org.coopt.workbench.data;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.coopt.workbench.util.Hashing;

/**
 * Reader for the IDX format of MNIST and Fashion-MNIST (LeCun et al.), plain or gzip-compressed
 * (detected by the gzip magic bytes 1f 8b, not by the file name).
 *
 * <p>Layout, all integers big-endian: images = magic 2051 (0x00000803: unsigned byte, 3 dims), count,
 * rows, cols, then count·rows·cols pixel bytes; labels = magic 2049 (0x00000801, 1 dim), count, then
 * count label bytes. Every fault ends in a {@link DatasetException} naming the file and the fault:
 * wrong magic number, bad dimensions, truncated data (fewer bytes than the header promises), trailing
 * bytes, corrupt gzip, label/image count mismatch, label outside the class range.
 */
public final class Idx {
    public static final int IMAGE_MAGIC = 2051;
    public static final int LABEL_MAGIC = 2049;

    private Idx() {}

    /** Decoded IDX image file: {@code count} images of rows×cols, pixels sample after sample. */
    public record Images(int count, int rows, int cols, byte[] pixels, SourceFile source) {}

    /** Decoded IDX label file. */
    public record Labels(int count, byte[] labels, SourceFile source) {}

    public static Images readImages(Path file) {
        byte[] raw = readFile(file);
        SourceFile src = new SourceFile(file, raw.length, Hashing.sha256(raw));
        try (DataInputStream in = open(raw)) {
            int magic = header(in, file, "magic number");
            checkMagic(file, magic, IMAGE_MAGIC, "image");
            int count = header(in, file, "image count");
            int rows = header(in, file, "row count");
            int cols = header(in, file, "column count");
            if (count < 0 || rows <= 0 || cols <= 0 || rows > 1 << 15 || cols > 1 << 15) {
                throw fault(file, "has bad dimensions " + count + " images of " + rows + "x" + cols);
            }
            long total = (long) count * rows * cols;
            if (total > Integer.MAX_VALUE - 16) {
                throw fault(file, "declares " + total + " pixel bytes, more than one array holds");
            }
            byte[] px = body(in, file, (int) total, count + " images of " + rows + "x" + cols);
            return new Images(count, rows, cols, px, src);
        } catch (IOException e) {
            throw ioFault(file, e);
        }
    }

    public static Labels readLabels(Path file) {
        byte[] raw = readFile(file);
        SourceFile src = new SourceFile(file, raw.length, Hashing.sha256(raw));
        try (DataInputStream in = open(raw)) {
            int magic = header(in, file, "magic number");
            checkMagic(file, magic, LABEL_MAGIC, "label");
            int count = header(in, file, "label count");
            if (count < 0) {
                throw fault(file, "has a negative label count " + count);
            }
            byte[] lb = body(in, file, count, count + " labels");
            return new Labels(count, lb, src);
        } catch (IOException e) {
            throw ioFault(file, e);
        }
    }

    /**
     * An image file and its label file as one dataset. Checks the counts agree and every label lies in
     * 0..classNames.size()−1. sha256 = {@link Hashing#sha256Of}-style hash over both files
     * (SHA-256 of "name:sha256\n" lines, images first).
     */
    public static ArrayImageDataset load(String name, Path imagesFile, Path labelsFile, List<String> classNames) {
        Images im = readImages(imagesFile);
        Labels lb = readLabels(labelsFile);
        if (im.count() != lb.count()) {
            throw new DatasetException("label/image count mismatch: label file " + labelsFile + " holds " + lb.count()
                    + " labels but image file " + imagesFile + " holds " + im.count() + " images");
        }
        int[] labels = new int[lb.count()];
        byte[] raw = lb.labels();
        for (int i = 0; i < labels.length; i++) {
            int v = raw[i] & 0xFF;
            if (v >= classNames.size()) {
                throw fault(labelsFile, "has label " + v + " at index " + i + ", outside 0.." + (classNames.size() - 1)
                        + " (" + classNames.size() + " classes)");
            }
            labels[i] = v;
        }
        List<SourceFile> sources = List.of(im.source(), lb.source());
        return ArrayImageDataset.of(name, 1, im.rows(), im.cols(), im.pixels(), labels, classNames,
                combinedHash(sources), sources);
    }

    /** SHA-256 of "fileName:sha256\n" lines in order: the same value {@link Hashing#sha256Of} gives. */
    public static String combinedHash(List<SourceFile> files) {
        StringBuilder sb = new StringBuilder();
        for (SourceFile f : files) {
            sb.append(f.path().getFileName()).append(':').append(f.sha256()).append('\n');
        }
        return Hashing.sha256(sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    static byte[] readFile(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new DatasetException("file " + file + " does not exist", e);
        } catch (IOException e) {
            throw new DatasetException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static DataInputStream open(byte[] raw) throws IOException {
        InputStream in = new ByteArrayInputStream(raw);
        if (raw.length >= 2 && (raw[0] & 0xFF) == 0x1f && (raw[1] & 0xFF) == 0x8b) {
            in = new GZIPInputStream(in, 1 << 16);
        }
        return new DataInputStream(in);
    }

    private static int header(DataInputStream in, Path file, String what) throws IOException {
        try {
            return in.readInt();
        } catch (EOFException e) {
            throw fault(file, "is truncated: the file ends inside the header (reading the " + what + ")");
        }
    }

    private static void checkMagic(Path file, int magic, int expected, String kind) {
        if (magic == expected) {
            return;
        }
        String hint = magic == IMAGE_MAGIC ? " (that is an image file)"
                : magic == LABEL_MAGIC ? " (that is a label file)" : "";
        throw fault(file, "has bad magic number " + magic + hint + "; an IDX " + kind + " file starts with "
                + expected);
    }

    private static byte[] body(DataInputStream in, Path file, int n, String what) throws IOException {
        byte[] out;
        int got;
        try {
            out = new byte[n];
            got = in.readNBytes(out, 0, n);
        } catch (EOFException e) {
            throw fault(file, "is truncated: the gzip stream ends before the " + n + " data bytes the header promises ("
                    + what + ")");
        }
        if (got < n) {
            throw fault(file, "is truncated: the header promises " + what + " (" + n + " bytes) but only " + got
                    + " bytes follow");
        }
        if (in.read() != -1) {
            throw fault(file, "has more data than its header declares (" + what + "): trailing bytes after byte " + n);
        }
        return out;
    }

    private static DatasetException ioFault(Path file, IOException e) {
        if (e instanceof EOFException) {
            return fault(file, "is truncated: the gzip stream ends early (" + e.getMessage() + ")");
        }
        if (e instanceof ZipException) {
            return fault(file, "is a corrupt gzip file (" + e.getMessage() + ")");
        }
        return new DatasetException("cannot read IDX file " + file + ": " + e.getMessage(), e);
    }

    static DatasetException fault(Path file, String what) {
        return new DatasetException("IDX file " + file + " " + what);
    }

    /** "0", "1", … as class names, for IDX data without a name list. */
    public static List<String> numberedClasses(int n) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(Integer.toString(i));
        }
        return out;
    }
}
