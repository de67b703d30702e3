package org.coopt.workbench.io;

import ai.djl.ndarray.NDArray;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.coopt.workbench.util.AtomicFiles;

/**
 * NumPy {@code .npy} format version 1.0 for the two array kinds the workbench exchanges: float32
 * matrices N×d (features, targets, alignment matrices) and int64 vectors N (sample ids).
 *
 * <p>Layout (numpy/lib/format.py, version 1.0): the magic {@code \x93NUMPY}, bytes {@code 1, 0},
 * a little-endian uint16 header length H, then H bytes of ASCII: a Python dict literal
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (N, d), }} padded with spaces and ending in
 * {@code \n} so that 10 + H is a multiple of 64; then the data, little-endian, C order. Files written
 * here load in Python with {@code numpy.load}; files NumPy writes with these dtypes load here.
 *
 * <p>Every write is atomic (temp file, then rename: see {@link AtomicFiles}). Large arrays are written
 * with {@link #floatWriter(Path, int)} (rows are appended, nothing is kept on the heap) and read with
 * {@link #map(Path)} (memory-mapped), so targets for millions of samples never sit on the Java heap.
 */
public final class Npy {
    private Npy() {}

    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** Header size reserved by the streaming writer (bytes, incl. magic): room for any 2-D shape. */
    static final int STREAM_HEADER_BYTES = 128;

    /** The element types the workbench reads and writes (uint8: decoded-image caches, N×C×H×W). */
    public enum DType {
        FLOAT32("<f4", 4), INT64("<i8", 8), UINT8("|u1", 1);

        private final String descr;
        private final int bytes;

        DType(String descr, int bytes) {
            this.descr = descr;
            this.bytes = bytes;
        }

        public String descr() {
            return descr;
        }

        public int bytes() {
            return bytes;
        }

        static DType of(String descr) {
            for (DType t : values()) {
                if (t.descr.equals(descr)) {
                    return t;
                }
            }
            return null;
        }
    }

    /**
     * A parsed header.
     *
     * @param dtype      element type
     * @param shape      array shape (rank 1 or 2 here)
     * @param dataOffset byte offset of the first element
     */
    public record Header(DType dtype, long[] shape, long dataOffset) {
        public long elements() {
            long n = 1;
            for (long s : shape) {
                n *= s;
            }
            return n;
        }

        public long rows() {
            return shape.length == 0 ? 1 : shape[0];
        }

        /** Columns of a matrix; 1 for a vector. */
        public long cols() {
            return shape.length < 2 ? 1 : shape[1];
        }

        @Override
        public String toString() {
            return dtype.descr + " " + Arrays.toString(shape);
        }
    }

    // ---------------------------------------------------------------- header

    /** The version-1.0 header (magic to padding) of an array of {@code dtype} and {@code shape}, any rank. */
    public static byte[] header(DType dtype, long... shape) {
        return header(dtype, shape, 0);
    }

    static byte[] header(DType dtype, long[] shape, int minTotal) {
        StringBuilder sh = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            sh.append(shape[i]);
            sh.append(shape.length == 1 ? "," : (i + 1 < shape.length ? ", " : ""));
        }
        sh.append(')');
        String dict = "{'descr': '" + dtype.descr + "', 'fortran_order': False, 'shape': " + sh + ", }";
        int total = 10 + dict.length() + 1;
        int padded = Math.max(minTotal, ((total + 63) / 64) * 64);
        if (padded > 65535 + 10) {
            throw new IllegalArgumentException("npy header too long for version 1.0");
        }
        StringBuilder h = new StringBuilder(dict);
        while (10 + h.length() + 1 < padded) {
            h.append(' ');
        }
        h.append('\n');
        byte[] text = h.toString().getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(10 + text.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) text.length).put(text);
        return b.array();
    }

    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    /** Reads and validates the header of {@code file}; the data length is checked against the file size. */
    public static Header readHeader(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NpyFormatException(file + ": no such file");
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer pre = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, pre, file);
            byte[] magic = new byte[6];
            pre.get(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new NpyFormatException(file + ": not a NumPy .npy file (wrong magic bytes); "
                        + "write it with numpy.save");
            }
            int major = pre.get() & 0xff;
            pre.get();
            int hlen;
            int prefix;
            if (major == 1) {
                hlen = pre.getShort() & 0xffff;
                prefix = 10;
            } else if (major == 2 || major == 3) {
                ByteBuffer more = ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN);
                readFully(ch, more, file);
                pre.position(8);
                hlen = (int) ((pre.getShort() & 0xffffL) | ((more.getShort() & 0xffffL) << 16));
                prefix = 12;
            } else {
                throw new NpyFormatException(file + ": unsupported .npy version " + major);
            }
            ByteBuffer hb = ByteBuffer.allocate(hlen);
            readFully(ch, hb, file);
            String dict = new String(hb.array(), StandardCharsets.ISO_8859_1);
            Matcher d = DESCR.matcher(dict);
            Matcher f = FORTRAN.matcher(dict);
            Matcher s = SHAPE.matcher(dict);
            if (!d.find() || !f.find() || !s.find()) {
                throw new NpyFormatException(file + ": malformed .npy header: " + dict.trim());
            }
            DType dtype = DType.of(d.group(1));
            if (dtype == null) {
                throw new NpyFormatException(file + ": dtype '" + d.group(1) + "' is not supported; "
                        + "use float32 ('<f4'), int64 ('<i8') or uint8 ('|u1'), e.g. numpy.save(f, a.astype('float32'))");
            }
            if ("True".equals(f.group(1))) {
                throw new NpyFormatException(file + ": Fortran-ordered arrays are not supported; "
                        + "save numpy.ascontiguousarray(a) instead");
            }
            String[] parts = s.group(1).split(",");
            String[] dims = Arrays.stream(parts).map(String::trim).filter(p -> !p.isEmpty()).toArray(String[]::new);
            long[] shape = new long[dims.length];
            long need = prefix + hlen;
            try {
                long elements = 1;
                for (int i = 0; i < dims.length; i++) {
                    shape[i] = Long.parseLong(dims[i]);
                    if (shape[i] < 0) {
                        throw new NumberFormatException();
                    }
                    elements = Math.multiplyExact(elements, shape[i]);
                }
                need = Math.addExact(need, Math.multiplyExact(elements, (long) dtype.bytes));
            } catch (NumberFormatException | ArithmeticException e) {
                throw new NpyFormatException(file + ": the header's shape (" + s.group(1).trim() + ") is not a list of "
                        + "sizes >= 0 whose product fits the file; the file is corrupt or not written by numpy");
            }
            Header h = new Header(dtype, shape, prefix + hlen);
            long size = ch.size();
            if (size < need) {
                throw new NpyFormatException(file + ": truncated: header says " + h + " (" + need
                        + " bytes) but the file has " + size + " bytes");
            }
            return h;
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer b, Path file) throws IOException {
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) {
                throw new NpyFormatException(file + ": truncated .npy header");
            }
        }
        b.flip();
    }

    // ---------------------------------------------------------------- whole-array writes

    /** Writes a float32 matrix {@code rows × cols} from row-major {@code data}. */
    public static void writeFloat32(Path file, float[] data, int rows, int cols) throws IOException {
        if ((long) rows * cols != data.length) {
            throw new IllegalArgumentException("data has " + data.length + " values, not " + rows + "×" + cols);
        }
        try (FloatWriter w = floatWriter(file, cols)) {
            w.append(data, 0, rows);
            w.finish();
        }
    }

    /** Writes a float32 matrix from a 2-D {@code float[rows][cols]}. */
    public static void writeFloat32(Path file, float[][] m) throws IOException {
        int cols = m.length == 0 ? 0 : m[0].length;
        try (FloatWriter w = floatWriter(file, cols)) {
            for (float[] row : m) {
                w.append(row, 0, 1);
            }
            w.finish();
        }
    }

    /** Writes a 2-D NDArray (converted to float32) as an N×d matrix. */
    public static void writeFloat32(Path file, NDArray a) throws IOException {
        if (a.getShape().dimension() != 2) {
            throw new IllegalArgumentException("expected a 2-D array, got shape " + a.getShape());
        }
        try (FloatWriter w = floatWriter(file, (int) a.getShape().get(1))) {
            w.append(a);
            w.finish();
        }
    }

    /** Writes an int64 vector. */
    public static void writeInt64(Path file, long[] data) throws IOException {
        byte[] head = header(DType.INT64, new long[] {data.length}, 0);
        AtomicFiles.write(file, out -> {
            out.write(head);
            ByteBuffer b = ByteBuffer.allocate(8 * 8192).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < data.length; i++) {
                b.putLong(data[i]);
                if (!b.hasRemaining()) {
                    out.write(b.array(), 0, b.position());
                    b.clear();
                }
            }
            out.write(b.array(), 0, b.position());
        });
    }

    /** Writes an int vector as int64 (sample ids). */
    public static void writeInt64(Path file, int[] data) throws IOException {
        writeInt64(file, Arrays.stream(data).asLongStream().toArray());
    }

    // ---------------------------------------------------------------- whole-array reads (small arrays)

    /** Reads a whole float32 matrix onto the heap (small arrays: alignment matrices, shared-set targets). */
    public static FloatMatrix readFloat32(Path file) throws IOException {
        try (MappedNpy m = map(file)) {
            return new FloatMatrix(m.readFloats(0, (int) m.rows()), (int) m.rows(), m.cols());
        }
    }

    /** Reads a whole int64 vector onto the heap. */
    public static long[] readInt64(Path file) throws IOException {
        try (MappedNpy m = map(file)) {
            return m.readLongs(0, (int) m.rows());
        }
    }

    /** Opens {@code file} memory-mapped; validates magic, version, dtype, order, rank ≤ 2 and length. */
    public static MappedNpy map(Path file) throws IOException {
        return new MappedNpy(file, readHeader(file));
    }

    /** Opens a float32 N×d file and checks dtype and rank, with a one-line error naming {@code what}. */
    public static MappedNpy mapMatrix(Path file, String what) throws IOException {
        MappedNpy m = map(file);
        if (m.dtype() != DType.FLOAT32 || m.header().shape().length != 2) {
            m.close();
            throw new NpyFormatException(file + ": " + what + " must be a float32 N×d matrix, got "
                    + m.header() + (m.dtype() != DType.FLOAT32 ? "; convert with a.astype('float32')" : ""));
        }
        return m;
    }

    /**
     * Streaming float32 writer: rows are appended and written through to a temp file; {@link FloatWriter#finish()}
     * fills in the header and renames the file into place. Closing without {@code finish()} (e.g. after an
     * exception) deletes the temp file, so a half-written array never appears under {@code file}.
     */
    public static FloatWriter floatWriter(Path file, int cols) throws IOException {
        return new FloatWriter(file, cols);
    }

    /** A heap float32 matrix, row-major. */
    public record FloatMatrix(float[] data, int rows, int cols) {
        public FloatMatrix {
            if ((long) rows * cols != data.length) {
                throw new IllegalArgumentException("data has " + data.length + " values, not " + rows + "×" + cols);
            }
        }

        public float get(int r, int c) {
            return data[r * cols + c];
        }
    }
}
