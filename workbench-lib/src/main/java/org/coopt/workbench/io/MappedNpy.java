package org.coopt.workbench.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A {@code .npy} file mapped read-only into memory ({@link FileChannel#map}); the operating system pages
 * rows in on demand, so a file larger than the Java heap can be read row by row or block by block.
 * Files larger than 2 GiB are mapped as several segments of whole rows. Obtain one with {@link Npy#map}.
 */
public final class MappedNpy implements AutoCloseable {
    private final Path file;
    private final Npy.Header header;
    private final int rowBytes;
    private final long rowsPerSegment;
    private MappedByteBuffer[] segments;

    MappedNpy(Path file, Npy.Header header) throws IOException {
        this.file = file;
        this.header = header;
        if (header.shape().length > 2) {
            throw new NpyFormatException(file + ": rank " + header.shape().length + " arrays are not supported "
                    + "(shape " + header + "); reshape to N×d");
        }
        long rb = header.cols() * header.dtype().bytes();
        if (rb > Integer.MAX_VALUE - 8) {
            throw new NpyFormatException(file + ": rows of " + rb + " bytes are too wide");
        }
        this.rowBytes = (int) Math.max(1, rb);
        this.rowsPerSegment = Math.max(1, (Integer.MAX_VALUE - 8) / rowBytes);
        long rows = header.rows();
        int n = (int) Math.max(1, (rows + rowsPerSegment - 1) / rowsPerSegment);
        segments = new MappedByteBuffer[n];
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            for (int s = 0; s < n; s++) {
                long first = s * rowsPerSegment;
                long count = Math.max(0, Math.min(rowsPerSegment, rows - first));
                MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_ONLY,
                        header.dataOffset() + first * rb, count * rb);
                m.order(ByteOrder.LITTLE_ENDIAN);
                segments[s] = m;
            }
        }
    }

    public Path file() {
        return file;
    }

    public Npy.Header header() {
        return header;
    }

    public Npy.DType dtype() {
        return header.dtype();
    }

    public long rows() {
        return header.rows();
    }

    /** Columns (1 for a vector). */
    public int cols() {
        return (int) header.cols();
    }

    private void checkRange(long from, long n) {
        if (segments == null) {
            throw new IllegalStateException(file + " is closed");
        }
        if (from < 0 || n < 0 || from + n > rows()) {
            throw new IndexOutOfBoundsException("rows " + from + ".." + (from + n) + " outside 0.." + rows()
                    + " of " + file);
        }
    }

    private void need(Npy.DType t) {
        if (dtype() != t) {
            throw new NpyFormatException(file + ": expected dtype " + t.descr() + ", found " + dtype().descr());
        }
    }

    /** Element (row, col) of a float32 file. */
    public float getFloat(long row, int col) {
        need(Npy.DType.FLOAT32);
        checkRange(row, 1);
        int s = (int) (row / rowsPerSegment);
        return segments[s].getFloat((int) ((row - s * rowsPerSegment) * rowBytes) + col * 4);
    }

    /** Element i of an int64 vector. */
    public long getLong(long i) {
        need(Npy.DType.INT64);
        checkRange(i, 1);
        int s = (int) (i / rowsPerSegment);
        return segments[s].getLong((int) ((i - s * rowsPerSegment) * rowBytes));
    }

    /** Copies {@code n} float32 rows starting at {@code from} into {@code dst} (row-major) at {@code offset}. */
    public void readFloats(long from, int n, float[] dst, int offset) {
        need(Npy.DType.FLOAT32);
        checkRange(from, n);
        int cols = cols();
        long r = from;
        int pos = offset;
        while (r < from + n) {
            int s = (int) (r / rowsPerSegment);
            long inSeg = r - s * rowsPerSegment;
            int take = (int) Math.min(from + n - r, rowsPerSegment - inSeg);
            java.nio.FloatBuffer fb = segments[s].duplicate().order(ByteOrder.LITTLE_ENDIAN)
                    .position((int) (inSeg * rowBytes)).slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
            fb.get(dst, pos, take * cols);
            pos += take * cols;
            r += take;
        }
    }

    /** {@code n} float32 rows from {@code from}, as a new row-major heap array. */
    public float[] readFloats(long from, int n) {
        float[] out = new float[Math.multiplyExact(n, cols())];
        readFloats(from, n, out, 0);
        return out;
    }

    /** One float32 row into {@code dst}. */
    public void row(long r, float[] dst) {
        readFloats(r, 1, dst, 0);
    }

    /** {@code n} int64 values from {@code from}. */
    public long[] readLongs(long from, int n) {
        need(Npy.DType.INT64);
        checkRange(from, n);
        long[] out = new long[n];
        int pos = 0;
        long r = from;
        while (r < from + n) {
            int s = (int) (r / rowsPerSegment);
            long inSeg = r - s * rowsPerSegment;
            int take = (int) Math.min(from + n - r, rowsPerSegment - inSeg);
            segments[s].duplicate().order(ByteOrder.LITTLE_ENDIAN).position((int) (inSeg * rowBytes)).slice()
                    .order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(out, pos, take);
            pos += take;
            r += take;
        }
        return out;
    }

    /** Rows {@code from..from+n} of a float32 matrix as a (n, cols) NDArray owned by {@code manager}. */
    public NDArray rows(NDManager manager, long from, int n) {
        return manager.create(readFloats(from, n), new Shape(n, cols()));
    }

    /** The given rows (any order) of a float32 matrix as a (indices.length, cols) NDArray. */
    public NDArray gather(NDManager manager, int[] indices) {
        int cols = cols();
        float[] out = new float[Math.multiplyExact(indices.length, cols)];
        for (int i = 0; i < indices.length; i++) {
            readFloats(indices[i], 1, out, i * cols);
        }
        return manager.create(out, new Shape(indices.length, cols));
    }

    /** Releases the mapping (the OS unmaps it once the buffers are garbage-collected). */
    @Override
    public void close() {
        segments = null;
    }
}
