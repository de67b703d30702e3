package org.coopt.kernel;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * The child JVM's stdout or stderr as the kernel receives it: bytes go straight on to the stream the running cell
 * writes to now ({@code target()}, the cell's {@link BatchedOutput}), except {@link DisplayLines#MARK} and the rest
 * of its line, which become a display. The mark is found anywhere (text printed without a newline may precede it);
 * only bytes that could still be the mark are held back, so ordinary output is not delayed.
 */
final class RelayedOutput extends OutputStream {
    private static final byte[] MARK = DisplayLines.MARK.getBytes(StandardCharsets.UTF_8);

    private final Supplier<PrintStream> target;
    private final DisplaySink sink;
    private final ByteArrayOutputStream held = new ByteArrayOutputStream();
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
                    out.flush();
                    try {
                        DisplayLines.dispatch(line, sink);
                    } catch (RuntimeException e) { // not a display after all: shown as the text it is
                        out.print("[kernel] a display from the cell could not be read (" + e + "): " + line + "\n");
                    }
                } else {
                    held.write(c);
                }
                passFrom = i + 1;
                continue;
            }
            if (held.size() > 0 || c == MARK[0]) {
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
                    if (c == MARK[0]) {
                        held.write(c); // the mark may begin here
                    } else {
                        out.write(c);
                    }
                }
                passFrom = i + 1;
            }
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
