package org.coopt.workbench.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.coopt.workbench.util.AtomicFiles;

/**
 * Appends float32 rows of a fixed width to a {@code .npy} file without holding them in memory. The data
 * goes to a temp file beside the target after a reserved {@value Npy#STREAM_HEADER_BYTES}-byte header;
 * {@link #finish()} writes the header with the final row count and renames the file into place.
 * {@link #close()} without {@code finish()} discards everything (nothing half-written is ever visible).
 */
public final class FloatWriter implements AutoCloseable {
    private final Path target;
    private final Path tmp;
    private final int cols;
    private final FileChannel ch;
    private final ByteBuffer buf;
    private long rows;
    private boolean finished;
    private boolean closed;

    FloatWriter(Path target, int cols) throws IOException {
        if (cols < 0) {
            throw new IllegalArgumentException("cols must be >= 0, got " + cols);
        }
        this.target = target.toAbsolutePath();
        this.cols = cols;
        this.tmp = org.coopt.workbench.util.AtomicFiles.tempFile(this.target);
        this.ch = FileChannel.open(tmp, StandardOpenOption.WRITE);
        ch.write(ByteBuffer.allocate(Npy.STREAM_HEADER_BYTES), 0);
        ch.position(Npy.STREAM_HEADER_BYTES);
        this.buf = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
    }

    public int cols() {
        return cols;
    }

    /** Rows appended so far. */
    public long rows() {
        return rows;
    }

    /** Appends {@code n} rows from row-major {@code data} starting at row {@code fromRow}. */
    public void append(float[] data, int fromRow, int n) throws IOException {
        check();
        int start = fromRow * cols;
        int end = start + n * cols;
        if (fromRow < 0 || n < 0 || end > data.length) {
            throw new IllegalArgumentException("rows " + fromRow + ".." + (fromRow + n) + " are outside the "
                    + (cols == 0 ? 0 : data.length / cols) + " rows given");
        }
        for (int i = start; i < end; i++) {
            if (buf.remaining() < 4) {
                flush();
            }
            buf.putFloat(data[i]);
        }
        rows += n;
    }

    /** Appends one row. */
    public void appendRow(float[] row) throws IOException {
        if (row.length != cols) {
            throw new IllegalArgumentException("row has " + row.length + " values, expected " + cols);
        }
        append(row, 0, 1);
    }

    /** Appends the rows of a 2-D NDArray of width {@link #cols()} (any numeric type, stored as float32). */
    public void append(NDArray batch) throws IOException {
        if (batch.getShape().dimension() != 2 || batch.getShape().get(1) != cols) {
            throw new IllegalArgumentException("expected a batch of shape (B, " + cols + "), got " + batch.getShape());
        }
        float[] data = batch.getDataType() == DataType.FLOAT32
                ? batch.toFloatArray() : batch.toType(DataType.FLOAT32, false).toFloatArray();
        append(data, 0, (int) batch.getShape().get(0));
    }

    private void flush() throws IOException {
        buf.flip();
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
        buf.clear();
    }

    private void check() {
        if (closed || finished) {
            throw new IllegalStateException("writer for " + target + " is already " + (finished ? "finished" : "closed"));
        }
    }

    /** Writes the header with the final shape (rows, cols), syncs, and renames the file into place. */
    public void finish() throws IOException {
        check();
        flush();
        byte[] head = Npy.header(Npy.DType.FLOAT32, new long[] {rows, cols}, Npy.STREAM_HEADER_BYTES);
        if (head.length != Npy.STREAM_HEADER_BYTES) {
            throw new IllegalStateException("npy header does not fit the reserved " + Npy.STREAM_HEADER_BYTES + " bytes");
        }
        ch.write(ByteBuffer.wrap(head), 0);
        ch.force(true);
        ch.close();
        AtomicFiles.move(tmp, target);
        finished = true;
        closed = true;
    }

    /** Discards the temp file unless {@link #finish()} succeeded. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            ch.close();
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
