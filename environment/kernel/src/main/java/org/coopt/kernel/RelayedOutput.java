package org.coopt.kernel;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * The child JVM's stdout or stderr as the kernel receives it: bytes go straight on to the stream the running cell
 * writes to now ({@code target()}, the cell's {@link BatchedOutput}), except lines that begin with
 * {@link DisplayLines#MARK}, which become displays. Only a line start that could still be the mark is held back,
 * so ordinary output is not delayed.
 */
final class RelayedOutput extends OutputStream {
    private static final byte[] MARK = DisplayLines.MARK.getBytes(StandardCharsets.UTF_8);

    private final Supplier<PrintStream> target;
    private final DisplaySink sink;
    private final ByteArrayOutputStream held = new ByteArrayOutputStream();
    private boolean lineStart = true;
    private boolean inDisplay;

    RelayedOutput(Supplier<PrintStream> target, DisplaySink sink) {
        this.target = target;
        this.sink = sink;
    }

    @Override
    public synchronized void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        PrintStream out = target.get();
        int passFrom = off;
        for (int i = off; i < off + len; i++) {
            byte c = b[i];
            if (inDisplay) {
                if (c == '\n') {
                    String line = held.toString(StandardCharsets.UTF_8);
                    held.reset();
                    inDisplay = false;
                    lineStart = true;
                    out.flush();
                    DisplayLines.dispatch(line, sink);
                } else {
                    held.write(c);
                }
                passFrom = i + 1;
                continue;
            }
            if (held.size() > 0 || (lineStart && c == MARK[0])) {
                if (held.size() == 0) {
                    out.write(b, passFrom, i - passFrom);
                }
                if (c == MARK[held.size()]) {
                    held.write(c);
                    if (held.size() == MARK.length) {
                        held.reset();
                        inDisplay = true;
                    }
                } else {
                    byte[] h = held.toByteArray();
                    held.reset();
                    out.write(h, 0, h.length);
                    out.write(c);
                    lineStart = c == '\n';
                }
                passFrom = i + 1;
                continue;
            }
            lineStart = c == '\n';
        }
        if (passFrom < off + len) {
            out.write(b, passFrom, off + len - passFrom);
        }
    }

    @Override
    public synchronized void flush() {
        target.get().flush();
    }
}
