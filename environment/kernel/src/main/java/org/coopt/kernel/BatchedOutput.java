package org.coopt.kernel;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A cell's stdout or stderr, batched as ipykernel does: writes collect in a buffer that goes to the Jupyter stream
 * as one message every {@link #PERIOD_MS} ms, when it holds {@link #MAX_BYTES}, and when the cell ends. Without it
 * every {@code print} (every piece of a {@code printf}) was one IOPub message: printing 100,000 lines lost most of
 * them to the notebook server's rate limit and left the cell busy.
 *
 * <p>Each flush sends whole writes (a {@link PrintStream} encodes a string completely in one write), so a UTF-8
 * character is never cut in two.
 */
final class BatchedOutput extends OutputStream {
    /** ipykernel's flush interval. */
    static final long PERIOD_MS = 200;
    /** A buffer this large is sent at once (bounds the memory of a fast printer). */
    static final int MAX_BYTES = 1 << 20;

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "kernel-output-flush");
        t.setDaemon(true);
        return t;
    });

    private final PrintStream target;
    private byte[] buf = new byte[8192];
    private int count;
    private final ScheduledFuture<?> tick;
    private boolean closed;

    private BatchedOutput(PrintStream target) {
        this.target = target;
        this.tick = TIMER.scheduleAtFixedRate(this::flushQuietly, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
    }

    /** A print stream batching into {@code target} (the Jupyter stream of the running cell). */
    static Batched over(PrintStream target) {
        BatchedOutput out = new BatchedOutput(target);
        return new Batched(new PrintStream(out, false, StandardCharsets.UTF_8), out);
    }

    /** The stream handed to the cell and its batcher; {@link #close()} sends what is left and stops the timer. */
    record Batched(PrintStream stream, BatchedOutput output) implements AutoCloseable {
        @Override
        public void close() {
            stream.flush();
            output.close();
        }
    }

    @Override
    public synchronized void write(int b) {
        if (closed) { // a thread that kept the stream after its cell: straight through, nothing lost
            target.write(b);
            target.flush();
            return;
        }
        ensure(1);
        buf[count++] = (byte) b;
        if (count >= MAX_BYTES) {
            flush();
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        if (closed) {
            target.write(b, off, len);
            target.flush();
            return;
        }
        ensure(len);
        System.arraycopy(b, off, buf, count, len);
        count += len;
        if (count >= MAX_BYTES) {
            flush();
        }
    }

    private void ensure(int more) {
        if (count + more > buf.length) {
            byte[] n = new byte[Math.max(buf.length * 2, count + more)];
            System.arraycopy(buf, 0, n, 0, count);
            buf = n;
        }
    }

    /** Sends the buffer as one message (nothing when it is empty). */
    @Override
    public synchronized void flush() {
        if (count == 0) {
            return;
        }
        target.write(buf, 0, count);
        target.flush();
        count = 0;
        if (buf.length > 4 * 8192) {
            buf = new byte[8192];
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            // the Jupyter stream went away (kernel shutting down): nothing to send to
        }
    }

    @Override
    public synchronized void close() {
        tick.cancel(false);
        flush();
        closed = true;
    }
}
